// Training with other repositories' labelled issues (`trainModel(..., { also })`, `feedback train --also`,
// `feedback eval --also-other-groups`): a repository with few labelled issues learns words it never saw.
import { classify } from "@upkeep/shared/feedback/classify.js";
import { crossValidate } from "@upkeep/shared/feedback/evaluate.js";
import { OWN_COPY_MODEL_VERSION, parseModel, serializeModel } from "@upkeep/shared/feedback/model.js";
import { type LabelledIssue, trainModel } from "@upkeep/shared/feedback/train.js";
import { afterEach, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { cli, tempTree } from "../cli/helpers.js";
import { writtenIssues } from "./fixtures.js";

const MODULES = ["worker", "indexer", "daemon", "sync agent", "importer", "mailer", "gateway", "exporter"];

/** A sibling repository's issues, in words the fixtures of `writtenIssues` never use. */
function siblingIssues(perKind: number, group = "acme/sibling"): LabelledIssue[] {
  const out: LabelledIssue[] = [];
  for (let i = 0; i < perKind; i++) {
    const m = MODULES[i % MODULES.length]!;
    out.push(
      {
        title: `Segfault in the ${m}, core dumped`,
        body: `The ${m} dies with a segmentation fault (core dumped) right after launch. Reproducible every time.`,
        label: "bug",
        group,
      },
      {
        title: `Wishlist: the ${m} should export prometheus metrics`,
        body: `Would love a knob so the ${m} exports prometheus metrics; dashboards would get much easier.`,
        label: "feature",
        group,
      },
      {
        title: `Clarification on the ${m} semantics`,
        body: `Trying to understand the ${m} semantics; the wording of the manual is unclear to me.`,
        label: "question",
        group,
      },
    );
  }
  return out;
}

describe("training with other repositories' issues", () => {
  const own = writtenIssues(8, 1);
  const sibling = siblingIssues(12);
  const segfault = { title: "Segmentation fault, core dumped in the mailer", body: "" };

  it("labels an issue worded like the sibling's questions as a question, which the own issues alone get wrong", () => {
    const clarification = { title: "Clarification on the mailer semantics", body: "" };
    const alone = classify(trainModel(own), clarification);
    const helped = classify(trainModel(own, { also: sibling }), clarification);
    expect(alone.label).toBe("bug");
    expect(helped.label).toBe("question");
    expect(helped.probabilities.question!).toBeGreaterThan(0.9);
    // The own issues are still classified as before.
    const model = trainModel(own, { also: sibling });
    for (const issue of writtenIssues(4, 2)) expect(classify(model, issue).label).toBe(issue.label);
  });

  it("writes a version 3 model that records the extra issues and classifies the same after loading", () => {
    const model = trainModel(own, { also: sibling, alsoWeight: 0.5 });
    expect(model.trainedOn).toMatchObject({ issues: 24, also: { issues: 36, weight: 0.5 } });
    const text = serializeModel(model);
    expect(JSON.parse(text).version).toBe(OWN_COPY_MODEL_VERSION);
    const loaded = parseModel(text, "m.json");
    expect(loaded.features.ownCopy).toBe(true);
    expect(classify(loaded, segfault).label).toBe(classify(model, segfault).label);
    expect(classify(loaded, segfault).confidence).toBeCloseTo(classify(model, segfault).confidence, 2);
    // Weight 0 is training on the own issues alone.
    expect(serializeModel(trainModel(own, { also: sibling, alsoWeight: 0 }))).toBe(serializeModel(trainModel(own)));
    expect(() => trainModel(own, { also: sibling, alsoWeight: 2 })).toThrow(/weight of the extra issues is 2/);
  });

  it("cross-validates a small repository better with the other repository's issues", () => {
    // Titles only, three wordings per kind; the small repository has one issue of each wording, so each of
    // its folds meets a wording it never saw. The big repository has seen every wording many times.
    const wordings: [string, string[]][] = [
      [
        "bug",
        ["Segfault in the {m}, core dumped", "The {m} panics on a nil pointer", "{m} leaks memory until OOM-killed"],
      ],
      ["feature", ["Wishlist: {m} exports prometheus metrics", "Webhooks for the {m}", "Plugin hooks in the {m}"]],
      [
        "question",
        ["Clarification on the {m} semantics", "Confused by the {m} behaviour", "Where the {m} tuning is documented"],
      ],
    ];
    const repo = (group: string, perWording: number, offset: number): LabelledIssue[] =>
      wordings.flatMap(([label, titles]) =>
        titles.flatMap((title, w) =>
          Array.from({ length: perWording }, (_, n) => ({
            title: title.replace("{m}", MODULES[(n + w + offset) % MODULES.length]!),
            body: "",
            label,
            group,
          })),
        ),
      );
    const issues = [...repo("small/one", 1, 0), ...repo("big/two", 6, 3)];
    const alone = crossValidate(issues, { groupBy: true, folds: 3 });
    const helped = crossValidate(issues, { groupBy: true, folds: 3, alsoOtherGroups: true });
    expect(helped.predictions).toHaveLength(issues.length);
    expect(alone.evaluation.groups["small/one"]!.macroF1).toBeLessThan(0.5);
    expect(helped.evaluation.groups["small/one"]!.macroF1).toBeGreaterThan(0.9);
  });
});

const gh = useGitHubStandIn();

describe("upkeep feedback train --also / eval --also-other-groups (CLI)", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());
  const csv = (rows: LabelledIssue[]) =>
    [
      "repo,created_at,label,title,body",
      ...rows.map((r) =>
        [r.group ?? "acme/app", "2026-01-01", r.label, `"${r.title}"`, `"${r.body.replaceAll('"', '""')}"`].join(","),
      ),
    ].join("\n");

  it("trains with a sibling CSV at the given weight and says so", async () => {
    const t = tempTree({ "own.csv": csv(writtenIssues(8, 1)), "sibling.csv": csv(siblingIssues(12)) });
    cleanup = t.cleanup;
    const r = await cli([
      "feedback",
      "train",
      "--csv",
      "own.csv",
      "--also",
      "sibling.csv",
      "--also-weight",
      "0.5",
      "--out",
      "m.json",
      "-C",
      t.dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("24 issues (8 bug, 8 feature, 8 question) and 36 other issues at weight 0.5");
    const c = await cli([
      "feedback",
      "classify",
      "--model",
      "m.json",
      "--title",
      "Clarification on the mailer semantics",
      "--format",
      "json",
      "-C",
      t.dir,
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ label: "question" });
  });

  /** A sibling repository on the stand-in with 36 labelled issues (12 of each kind, under GitHub's label names). */
  function seedSibling(name: string): void {
    gh().state.createRepo({ owner: "acme", name });
    const kindLabel: Record<string, string> = { bug: "bug", feature: "enhancement", question: "question" };
    for (const i of siblingIssues(12)) {
      gh().state.addIssue(`acme/${name}`, { title: i.title, body: i.body, labels: [kindLabel[i.label]!] });
    }
  }

  it("reads a sibling repository named by --also through the API, its labels mapped by the config", async () => {
    seedSibling("sibling");
    const t = tempTree({ "own.csv": csv(writtenIssues(8, 1)) });
    cleanup = t.cleanup;
    const env = { GITHUB_TOKEN: "t", GITHUB_API_URL: gh().url };
    const r = await cli(
      [
        "feedback",
        "train",
        "--csv",
        "own.csv",
        "--also",
        "acme/sibling",
        "--out",
        "m.json",
        "--format",
        "json",
        "-C",
        t.dir,
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ issues: 24, also: { issues: 36, weight: 0.3 } });
  });

  it("takes feedback.alsoFrom and alsoWeight of the config when --also is not given; --also wins", async () => {
    seedSibling("sibling-config");
    const t = tempTree({
      "own.csv": csv(writtenIssues(8, 1)),
      "few.csv": csv(siblingIssues(2)),
      ".github/upkeep.yml": "feedback:\n  alsoFrom: [acme/sibling-config]\n  alsoWeight: 0.2\n",
    });
    cleanup = t.cleanup;
    const env = { GITHUB_TOKEN: "t", GITHUB_API_URL: gh().url };
    const train = (...extra: string[]) =>
      cli(["feedback", "train", "--csv", "own.csv", "--out", "m.json", "--format", "json", ...extra, "-C", t.dir], {
        env,
      });
    const fromConfig = await train();
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    expect(JSON.parse(fromConfig.stdout)).toMatchObject({ issues: 24, also: { issues: 36, weight: 0.2 } });
    const flag = await train("--also", "few.csv", "--also-weight", "0.6");
    expect(flag.code, flag.stderr).toBe(0);
    expect(JSON.parse(flag.stdout)).toMatchObject({ issues: 24, also: { issues: 6, weight: 0.6 } });
  });

  it("names the line of a feedback.alsoFrom entry that is not owner/name", async () => {
    const t = tempTree({
      "own.csv": csv(writtenIssues(8, 1)),
      ".github/upkeep.yml": "feedback:\n  alsoFrom: [sibling.csv]\n",
    });
    cleanup = t.cleanup;
    const r = await cli(["feedback", "train", "--csv", "own.csv", "--out", "m.json", "-C", t.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(".github/upkeep.yml:2:14: feedback.alsoFrom[0]");
  });

  it("exits 2 with a clear message for a bad --also, --also-weight or a broken extra CSV", async () => {
    const t = tempTree({
      "own.csv": csv(writtenIssues(8, 1)),
      "broken.csv": 'repo,created_at,label,title,body\na/b,2026-01-01,bug,"open,x\n',
    });
    cleanup = t.cleanup;
    const neither = await cli(["feedback", "train", "--csv", "own.csv", "--also", "not a repo", "-C", t.dir]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("--also not a repo is neither a CSV file nor an owner/name repository");
    const missing = await cli(["feedback", "train", "--csv", "own.csv", "--also", "gone.csv", "-C", t.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("gone.csv");
    const broken = await cli(["feedback", "train", "--csv", "own.csv", "--also", "broken.csv", "-C", t.dir]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.csv:\d+: not valid CSV/);
    const weight = await cli([
      "feedback",
      "train",
      "--csv",
      "own.csv",
      "--also",
      "own.csv",
      "--also-weight",
      "2",
      "-C",
      t.dir,
    ]);
    expect(weight.code).toBe(2);
    expect(weight.stderr).toContain("--also-weight 2 is not a number from 0 to 1");
    const noGroups = await cli(["feedback", "eval", "--train", "own.csv", "--also-other-groups", "-C", t.dir]);
    expect(noGroups.code).toBe(2);
    expect(noGroups.stderr).toContain("--also-other-groups needs --group-by repo");
  });
});
