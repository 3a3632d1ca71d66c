// The bundles validate .github/upkeep.yml with the validator scripts/build.mjs compiles at build time (ajv's
// standalone code), the sources with the one ajv compiles at run time. Both must find the same problems, with
// the same messages, lines and columns, and keep the same configuration: checked here on the example
// configuration and on every way of breaking one of its values.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseConfigText } from "@upkeep/shared/config/parse.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isScalar, parseDocument, visit } from "yaml";
import { buildAction } from "../../scripts/build.mjs";
import { repoRoot } from "../harness/node24.js";

type Parse = typeof parseConfigText;
const FILE = ".github/upkeep.yml";
const example = readFileSync(join(repoRoot, "examples", "upkeep.yml"), "utf8");

let outDir = "";
let bundled: Parse;
let bundleText = "";

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "upkeep-precompiled-schema-"));
  await buildAction(join(repoRoot, "shared", "src", "config", "parse.ts"), outDir);
  bundleText = readFileSync(join(outDir, "index.js"), "utf8");
  bundled = ((await import(pathToFileURL(join(outDir, "index.js")).href)) as { parseConfigText: Parse })
    .parseConfigText;
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The example with each scalar value replaced in turn by values of other types, formats and patterns. */
function brokenExamples(): string[] {
  const doc = parseDocument(example);
  const ranges: Array<[number, number]> = [];
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.value) && pair.value.range) ranges.push([pair.value.range[0], pair.value.range[1]]);
    },
    Seq(_key, seq) {
      for (const item of seq.items) if (isScalar(item) && item.range) ranges.push([item.range[0], item.range[1]]);
    },
  });
  const replacements = ["-1", "0.5", '"x"', '""', "[1, 1]", "{ unknown: 1 }", "2026-02-30", "not a url", "Mars/Base"];
  const texts: string[] = [];
  for (const [from, to] of ranges) {
    for (const r of replacements) texts.push(example.slice(0, from) + r + example.slice(to));
  }
  return texts;
}

describe("the configuration validator compiled at build time", () => {
  it("is the one in the bundle: ajv's compiler is not", () => {
    expect(bundleText).toContain("ajv/dist/runtime/");
    expect(bundleText).not.toContain("ajv/dist/compile/");
    expect(bundleText).not.toMatch(/\bclass Ajv\b/);
  });

  it("accepts the example configuration as the sources do", () => {
    expect(bundled(example, FILE)).toEqual(parseConfigText(example, FILE));
    expect(bundled(example, FILE).problems).toEqual([]);
  });

  it("reports every broken value of the example as the sources do", () => {
    const texts = brokenExamples();
    let withProblems = 0;
    for (const text of texts) {
      const want = parseConfigText(text, FILE);
      expect(bundled(text, FILE), text).toEqual(want);
      if (want.problems.length > 0) withProblems++;
    }
    // Most replacements break the value (a format, a pattern, a type, an enum, a minimum or an unknown key).
    expect(withProblems).toBeGreaterThan(texts.length / 2);
  }, 120_000);

  it.each([
    ["a date that does not exist", "patch:\n  exceptions:\n    - id: X\n      expires: 2026-02-30\n"],
    ["a URL that is not one", "patch:\n  osvUrl: 'http://exa mple.com'\n"],
    ["an unknown time zone", "gate:\n  freezes:\n    - from: 2026-12-20\n      timezone: Mars/Base\n"],
  ])("reports %s as the sources do", (_name, text) => {
    const want = parseConfigText(text, FILE);
    expect(want.problems.length).toBeGreaterThan(0);
    expect(bundled(text, FILE)).toEqual(want);
  });
});
