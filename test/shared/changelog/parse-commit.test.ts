import { cleanNote, parseCommit } from "@upkeep/shared/changelog/parse-commit.js";
import { describe, expect, it } from "vitest";

const raw = (message: string) => ({ hash: "a".repeat(40), parents: ["b".repeat(40)], committedAt: 0, message });

describe("parseCommit", () => {
  it.each([
    ["feat(api): add x", { type: "feat", scope: "api", subject: "add x", breaking: false }],
    ["fix: y (#12)", { type: "fix", scope: undefined, subject: "y (#12)", breaking: false }],
    ["feat(api)!: drop x", { type: "feat", scope: "api", subject: "drop x", breaking: true }],
    ["refactor: z\n\nBREAKING CHANGE: gone", { type: "refactor", subject: "z", breaking: true }],
    ["perf: z\n\nBREAKING-CHANGE: gone too", { type: "perf", subject: "z", breaking: true }],
    ["Update README", { type: undefined, subject: undefined, header: "Update README", breaking: false }],
    // The scope ends at the first ")", as in the Conventional Commits grammar and release-please's parser: a
    // parenthesis later in the description stays in the description (the preset's greedy pattern did not).
    [
      "perf(backup): decrypt with ChaCha20 (the header via typage): 2.5 s",
      { type: "perf", scope: "backup", subject: "decrypt with ChaCha20 (the header via typage): 2.5 s" },
    ],
    ["fix(a)(b): x", { type: undefined, header: "fix(a)(b): x" }],
  ])("%j", (message, expected) => {
    const [entry] = parseCommit(raw(message));
    expect(entry).toMatchObject(expected);
  });

  it("takes the note text from the footer, or the subject for a bare `!`", () => {
    expect(parseCommit(raw("feat!: new api"))[0]?.notes).toEqual([{ text: "new api" }]);
    expect(parseCommit(raw("feat!: new api\n\nBREAKING CHANGE: old one removed"))[0]?.notes).toEqual([
      { text: "old one removed" },
    ]);
  });

  it("reads footer references and reverts", () => {
    const [e] = parseCommit(raw("fix: a\n\nCloses #5, #6"));
    expect(e?.references.map((r) => r.issue)).toEqual(["5", "6"]);
    const [r] = parseCommit(raw(`revert: feat(a): b\n\nThis reverts commit ${"c".repeat(40)}.`));
    expect(r?.revert).toEqual({ header: "feat(a): b", hash: "c".repeat(40) });
  });

  it("splits footers that are commit headers into entries, as release-please does", () => {
    const message = [
      "feat: adds v4 UUID to crypto",
      "",
      "This adds support for v4 UUIDs to the library.",
      "",
      "fix(utils): unicode no longer throws exception",
      "  PiperOrigin-RevId: 345559154",
      "  BREAKING-CHANGE: encode method no longer throws.",
      "  Source-Link: googleapis/googleapis@5e0dcb2",
      "",
      "feat(utils): update encode to support unicode",
      "  PiperOrigin-RevId: 345559182",
    ].join("\n");
    const entries = parseCommit(raw(message));
    expect(entries.map((e) => [e.type, e.scope, e.subject, e.breaking])).toEqual([
      ["fix", "utils", "unicode no longer throws exception", true],
      ["feat", "utils", "update encode to support unicode", false],
      ["feat", undefined, "adds v4 UUID to crypto", false],
    ]);
    expect(entries[0]?.notes).toEqual([{ text: "encode method no longer throws." }]);
    expect(parseCommit(raw(message), { splitMultiple: false })).toHaveLength(1);
  });

  it("splits only lines of the footer block (after a blank line) whose token is a known type", () => {
    expect(parseCommit(raw("chore: x\n\nfix: this is prose in the body\nmore prose"))).toHaveLength(2);
    expect(parseCommit(raw("chore: x\n\nsee below\nfix: inline, not a footer"))).toHaveLength(1);
    expect(parseCommit(raw("chore: x\n\nReviewed-by: someone\nRefs: #4"))).toHaveLength(1);
  });
});

describe("cleanNote", () => {
  it.each([
    ["we were on Node 6\nsecond line\nthird line", "we were on Node 6 second line third line"],
    ["we were on Node 6\n\nnot this", "we were on Node 6"],
    [
      "we were on Node 6\n- deleted API foo\n- deleted API bar",
      "we were on Node 6\n    - deleted API foo\n    - deleted API bar",
    ],
  ])("%j", (text, expected) => {
    expect(cleanNote(text)).toBe(expected);
  });
});
