import { renderText } from "@upkeep/shared/report/text.js";
import { describe, expect, it } from "vitest";
import { ANSI_SGR, CONTROL_CHAR, finding, HOSTILE_TEXT, manyFindings, report } from "./build-report.js";

describe("renderText", () => {
  it("groups findings by file, worst file first, with location, message, help and a summary line", () => {
    const out = renderText(
      report(
        [
          finding({
            level: "warning",
            severity: "low",
            title: "Old",
            file: "b/requirements.txt",
            line: 4,
            message: "Pin it.",
          }),
          finding({
            severity: "critical",
            title: "Bad",
            file: "package-lock.json",
            line: 12,
            column: 3,
            helpUri: "https://osv.dev/X",
          }),
          finding({
            level: "note",
            severity: "info",
            title: "FYI",
            file: undefined,
            line: undefined,
            message: "one\ntwo",
          }),
        ],
        { notes: ["Scanned 2 lockfiles"] },
      ),
    );
    expect(out).toBe(
      [
        "upkeep patch-check: 3 findings",
        "  Scanned 2 lockfiles",
        "",
        "package-lock.json",
        "  error   critical Bad [patch/vulnerability]",
        "    package-lock.json:12:3",
        "    Upgrade lodash to 4.17.21 or later.",
        "    help: https://osv.dev/X",
        "",
        "b/requirements.txt",
        "  warning low      Old [patch/vulnerability]",
        "    b/requirements.txt:4",
        "    Pin it.",
        "",
        "(repository)",
        "  note    info     FYI [patch/vulnerability]",
        "    one",
        "    two",
        "",
        "Summary: 3 findings (1 error, 1 warning, 1 note); 1 critical, 1 low, 1 info. Result: failed.",
        "",
      ].join("\n"),
    );
  });

  it("reports a clean run", () => {
    expect(renderText(report([]))).toBe(
      "upkeep patch-check: 0 findings\n\nSummary: 0 findings (0 errors, 0 warnings, 0 notes). Result: passed.\n",
    );
  });

  it("colours only when asked", () => {
    const r = report([finding()]);
    expect(renderText(r)).not.toContain("\u001b");
    expect(renderText(r, { color: false })).not.toContain("\u001b");
    const coloured = renderText(r, { color: true });
    expect(coloured).toContain("\u001b[");
    expect(coloured).toContain("\u001b[31merror");
    expect(coloured.replace(ANSI_SGR, "")).toBe(renderText(r));
  });

  it.each(Object.entries(HOSTILE_TEXT))("keeps %s from sending escape sequences or breaking lines", (_name, text) => {
    const out = renderText(report([finding({ title: text, file: text, rule: text, message: text })]));
    expect(out).not.toContain("\u001b");
    expect(out).not.toMatch(CONTROL_CHAR);
    // Title, file and rule stay on their own line; only the message may span lines.
    const lines = out.split("\n");
    expect(lines[1]).toBe("");
    expect(lines[2]).toBe(lines[2]!.trim());
    expect(lines[3]!.startsWith("  error   high     ")).toBe(true);
    expect(lines[3]!.endsWith("]")).toBe(true);
  });

  it("keeps unicode as it is", () => {
    const out = renderText(report([finding({ title: HOSTILE_TEXT.unicode, message: HOSTILE_TEXT.unicode })]));
    expect(out).toContain(`high     ${HOSTILE_TEXT.unicode} [patch/vulnerability]`);
    expect(out).toContain(`    ${HOSTILE_TEXT.unicode}\n`);
  });

  it("prints every one of 10,000 findings, deterministically", () => {
    const findings = manyFindings(10_000);
    const out = renderText(report(findings));
    expect(out.match(/^ {2}(error|warning|note) /gm)).toHaveLength(10_000);
    expect(out.trimEnd().split("\n").at(-1)).toBe(
      "Summary: 10000 findings (3334 errors, 3333 warnings, 3333 notes); 1667 critical, 1667 high, 1667 medium, 1667 low, 1666 info, 1666 unknown. Result: failed.",
    );
    expect(renderText(report([...findings].reverse()))).toBe(out);
  });
});
