// `upkeep feedback train|classify|eval|digest` in process: files in a temp folder, the GitHub stand-in for the API.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { cli, tempTree } from "../cli/helpers.js";
import { writtenIssues } from "./fixtures.js";

const gh = useGitHubStandIn();
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function csv(rows: { title: string; body: string; label: string; group?: string }[]): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return [
    "repo,created_at,label,title,body",
    ...rows.map((r) => [r.group ?? "acme/app", "2026-01-01", r.label, q(r.title), q(r.body)].join(",")),
  ].join("\n");
}

describe("upkeep feedback (CLI)", () => {
  it("trains from a CSV into the configured model path, then classifies with that model", async () => {
    const t = tempTree({ "train.csv": csv(writtenIssues(20, 1)) });
    cleanup = t.cleanup;
    const trained = await cli(["feedback", "train", "--csv", "train.csv", "--format", "json", "-C", t.dir]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ model: ".github/upkeep/feedback-model.json", issues: 60 });
    const modelPath = join(t.dir, ".github/upkeep/feedback-model.json");
    expect(existsSync(modelPath)).toBe(true);
    expect(JSON.parse(readFileSync(modelPath, "utf8")).format).toBe("upkeep-feedback-model");
    const out = await cli([
      "feedback",
      "classify",
      "--model",
      ".github/upkeep/feedback-model.json",
      "--title",
      "How do I configure the cache?",
      "--format",
      "json",
      "-C",
      t.dir,
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ label: "question" });
  });

  it("evaluates train against test per repository and prints the documented JSON", async () => {
    const train = [...writtenIssues(12, 1, "a/one"), ...writtenIssues(12, 3, "b/two")];
    const test = [...writtenIssues(4, 2, "a/one"), ...writtenIssues(4, 4, "b/two")];
    const t = tempTree({ "train.csv": csv(train), "test.csv": csv(test) });
    cleanup = t.cleanup;
    const r = await cli([
      "feedback",
      "eval",
      "--train",
      "train.csv",
      "--test",
      "test.csv",
      "--group-by",
      "repo",
      "--format",
      "json",
      "-C",
      t.dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.overall)).toEqual(expect.arrayContaining(["macroF1", "precision", "recall", "coverage"]));
    expect(Object.keys(json.groups)).toEqual(["a/one", "b/two"]);
    expect(json.overall.macroF1).toBeGreaterThan(0.8);
  });

  it("exits 2 naming the file and line for unreadable input", async () => {
    const t = tempTree({ "bad.csv": "title,label\nx,bug\n", "quote.csv": 'title,body,label\n"open,quote,bug\n' });
    cleanup = t.cleanup;
    const missing = await cli(["feedback", "train", "--csv", "nope.csv", "-C", t.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.csv");
    const columns = await cli(["feedback", "train", "--csv", "bad.csv", "-C", t.dir]);
    expect(columns.code).toBe(2);
    expect(columns.stderr).toContain("bad.csv:1: the header row lacks the column(s) body");
    const quote = await cli(["feedback", "eval", "--train", "quote.csv", "-C", t.dir]);
    expect(quote.code).toBe(2);
    expect(quote.stderr).toMatch(/quote\.csv:\d+: not valid CSV/);
    const model = tempTree({ "m.json": "{}" });
    const badModel = await cli(["feedback", "classify", "--title", "x", "--model", "m.json", "-C", model.dir]);
    model.cleanup();
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toContain("m.json: not an Upkeep feedback model");
  });

  it("prints the digest of the last 7 days from the API, as Markdown and JSON", async () => {
    gh().state.createRepo({ owner: "acme", name: "digest" });
    const repo = "acme/digest";
    const now = "2026-11-09T00:00:00Z";
    const day = (d: number, h = 0) => new Date(Date.parse(now) - d * 86_400_000 + h * 3_600_000).toISOString();
    const bug = gh().state.addIssue(repo, { title: "Crash on save", labels: ["bug"], user: "ann", createdAt: day(3) });
    const reply = gh().state.addComment(repo, bug.number, "looking", "maintainer");
    reply.createdAt = day(3, 2);
    const own = gh().state.addComment(repo, bug.number, "bump", "ann");
    own.createdAt = day(3, 1);
    gh().state.addIssue(repo, { title: "How to export?", labels: ["question"], user: "bob", createdAt: day(2) });
    const closed = gh().state.addIssue(repo, {
      title: "Typo",
      labels: ["documentation"],
      user: "cy",
      createdAt: day(5),
      state: "closed",
    });
    closed.closedAt = day(4);
    gh().state.addIssue(repo, { title: "Old request", labels: ["enhancement"], user: "dee", createdAt: day(60) });
    const env = { GITHUB_TOKEN: "t", GITHUB_API_URL: gh().url, UPKEEP_NOW: now };
    const md = await cli(["feedback", "digest", "--repo", repo, "--since", "7d", "--format", "markdown"], { env });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain("**3** issues opened, **1** closed; **3** open in all.");
    expect(md.stdout).toContain("| time to first response | 2 h 0 min | 2 h 0 min | 2 h 0 min | 1 |");
    expect(md.stdout).toContain("| time to close | 1 d 0 h |");
    expect(md.stdout).toContain("- #2 How to export? (2 days)");
    const json = await cli(["feedback", "digest", "--repo", repo, "--format", "json"], { env });
    const d = JSON.parse(json.stdout);
    expect(d.byKind).toEqual({ bug: 1, question: 1, docs: 1 });
    expect(d.backlog.byAge["30–90 days"]).toBe(1);
    const bad = await cli(["feedback", "digest", "--repo", repo, "--since", "soon"], { env });
    expect(bad.code).toBe(2);
  });
});
