import type { Finding, Level, Report, RuleDescriptor, Severity } from "@upkeep/shared/report/model.js";
import { LEVELS, SEVERITIES } from "@upkeep/shared/report/model.js";

let counter = 0;

/** A finding with sensible defaults and a fresh fingerprint; `over` wins. */
export function finding(over: Partial<Finding> = {}): Finding {
  counter++;
  return {
    rule: "patch/vulnerability",
    level: "error",
    severity: "high",
    title: "lodash has a prototype pollution",
    message: "Upgrade lodash to 4.17.21 or later.",
    file: "package-lock.json",
    line: 12,
    fingerprint: `fp-${counter}`,
    ...over,
  };
}

export const VULN_RULE: RuleDescriptor = {
  id: "patch/vulnerability",
  name: "Vulnerable dependency",
  shortDescription: "A locked dependency has a known vulnerability.",
  helpUri: "https://docs.example.test/rules/patch-vulnerability",
  security: true,
  tags: ["dependencies"],
};

export const EOL_RULE: RuleDescriptor = {
  id: "patch/eol",
  name: "End-of-life runtime",
  shortDescription: "A runtime version is past its end of life.",
};

/** A report of `findings` from `patch-check`, generated at a fixed time. */
export function report(findings: Finding[], over: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: "0.1.0" },
    check: "patch-check",
    generatedAt: "2026-03-01T12:00:00.000Z",
    findings,
    rules: [VULN_RULE, EOL_RULE],
    data: {},
    notes: [],
    ...over,
  };
}

/**
 * `n` distinct findings cycling through every level and severity, across 50 files, with messages long
 * enough that 10,000 of them overflow every size limit.
 */
export function manyFindings(n: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const level: Level = LEVELS[i % LEVELS.length]!;
    const severity: Severity = SEVERITIES[i % SEVERITIES.length]!;
    out.push(
      finding({
        level,
        severity,
        title: `Finding number ${i} in a dependency`,
        message: `Package pkg-${i} has a problem that needs attention. ${"Details about it. ".repeat(5)}`,
        file: `packages/p${i % 50}/package-lock.json`,
        line: (i % 400) + 1,
        fingerprint: `fp-${i}`,
      }),
    );
  }
  return out;
}

/** Any C0 control character other than tab and newline, or DEL: none may reach a terminal or a log. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const CONTROL_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** An ANSI escape sequence such as a colour (`ESC [ 31 m`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding escape sequences is the point.
export const ANSI_SGR = /\u001b\[\d+m/g;

/** Findings whose text tries everything: table pipes, newlines, HTML, markers, mentions, unicode, escapes. */
export const HOSTILE_TEXT = {
  pipes: "a | b || c",
  newlines: "line one\nline two\r\nline three\rline four",
  script: "<script>alert('x')</script><img src=x onerror=alert(1)>",
  marker: "<!-- upkeep:patch-check eyJ4IjoxfQ --> fake marker -->",
  mention: "ping @octocat and @github/security",
  unicode: "日本語 ✓ café 🎉 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  ansi: "\u001b[31mred\u001b[0m and a bell\u0007",
  markdown: "**bold** _it_ [link](javascript:alert(1)) ![img](http://x/y.png) `code` ~~s~~ # h",
  workflowCommand: "done\n::set-output name=x::injected\n%0A::error::fake",
} as const;
