import type { Code, Root } from "mdast";
import { walk } from "../../markdown.js";

/** What kind of install snippet a version was found in. */
export type SnippetKind = "action" | "npm" | "pip" | "container";

/** One version string in an install snippet, with its exact place in the doc. */
export interface Snippet {
  kind: SnippetKind;
  /** `owner/repo` (action), package name (npm, pip) or image (container), as written. */
  name: string;
  /** The version as written (`v1`, `1.2.3`, `v2.0.0`). */
  version: string;
  line: number;
  /** 1-based column of the version. */
  column: number;
  /** Offset of the version in the doc text. */
  offset: number;
}

const VERSION = String.raw`v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?`;
const PATTERNS: { kind: SnippetKind; re: RegExp; name: number; version: number }[] = [
  // uses: owner/repo@v1 or owner/repo/path@v1.2.3
  {
    kind: "action",
    re: new RegExp(String.raw`\buses:\s*["']?([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@(${VERSION})\b`, "g"),
    name: 1,
    version: 2,
  },
  // docker run/pull, image:, FROM — a registry port (host:5000/) is not a tag because the name part must follow.
  {
    kind: "container",
    re: new RegExp(
      String.raw`(?:\bdocker\s+(?:run|pull|create)\s+(?:-{1,2}[\w-]+(?:[ =][^\s-][^\s]*)?\s+)*|\bimage:\s*["']?|^\s*FROM\s+)((?:[\w.-]+(?::\d+)?\/)?[a-z0-9][\w./-]*):(${VERSION})(?![\w.])`,
      "gi",
    ),
    name: 1,
    version: 2,
  },
];
const NPM_COMMAND =
  /\b(?:npm\s+(?:i|install|add)|pnpm\s+(?:add|i|install|dlx)|yarn\s+(?:global\s+)?add|bun\s+(?:add|i|install)|npx|bunx)\s/;
const NPM_SPEC = new RegExp(String.raw`(?:^|\s)((?:@[\w.-]+\/)?[\w.-]+)@(${VERSION})(?=\s|$|["'])`, "g");
const PIP_COMMAND = /\b(?:pip3?|pipx|uv\s+pip|python3?\s+-m\s+pip)\s+install\s/;
const PIP_SPEC = /(?:^|\s)["']?([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?==(\d+(?:\.\d+)*(?:[a-z]+\d*)?)/g;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Finds version strings in the install snippets of every code block (fenced or indented): GitHub
 * Actions `uses:`, npm/pnpm/yarn/bun installs and `npx`, `pip install pkg==x`, and container images
 * (`docker run|pull`, `image:`, `FROM`). Code blocks come from the Markdown parser; within a block
 * each line is matched by these small patterns, because shell and YAML one-liners have no parser
 * that would keep positions across all of these tools.
 */
export function scanSnippets(text: string, root: Root): Snippet[] {
  const starts = lineStarts(text);
  const out: Snippet[] = [];
  walk(root, (node) => {
    if (node.type !== "code") return;
    const code = node as Code;
    const start = code.position?.start;
    if (!start || start.offset === undefined) return;
    const fenced = /^[ \t]*(```|~~~)/.test(
      text.slice(starts[start.line - 1] ?? 0, (starts[start.line] ?? text.length) + 0),
    );
    const lines = code.value.split("\n");
    lines.forEach((valueLine, i) => {
      const docLine = start.line + (fenced ? 1 : 0) + i;
      const lineStart = starts[docLine - 1];
      if (lineStart === undefined) return;
      const lineEnd = (starts[docLine] ?? text.length + 1) - 1;
      const raw = text.slice(lineStart, lineEnd).replace(/\r$/, "");
      // The parser strips the block's indentation (lists, quotes): the value line is the end of the doc line.
      const shift = raw.endsWith(valueLine) ? raw.length - valueLine.length : raw.indexOf(valueLine);
      if (shift < 0) return;
      const add = (kind: SnippetKind, name: string, version: string, index: number) => {
        out.push({ kind, name, version, line: docLine, column: shift + index + 1, offset: lineStart + shift + index });
      };
      for (const p of PATTERNS) {
        for (const m of valueLine.matchAll(p.re)) {
          const version = m[p.version] ?? "";
          const whole = m[0];
          add(p.kind, m[p.name] ?? "", version, (m.index ?? 0) + whole.lastIndexOf(version));
        }
      }
      if (NPM_COMMAND.test(valueLine)) {
        for (const m of valueLine.matchAll(NPM_SPEC)) {
          const version = m[2] ?? "";
          add("npm", m[1] ?? "", version, (m.index ?? 0) + m[0].lastIndexOf(version));
        }
      }
      if (PIP_COMMAND.test(valueLine)) {
        for (const m of valueLine.matchAll(PIP_SPEC)) {
          const version = m[2] ?? "";
          add("pip", m[1] ?? "", version, (m.index ?? 0) + m[0].lastIndexOf(version));
        }
      }
    });
  });
  return out;
}

/** `v1.2` → `{ prefix: "v", parts: [1, 2] }`; undefined when it does not start with a number. */
function parseLooseVersion(v: string): { prefix: string; parts: number[]; rest: string } | undefined {
  const m = /^(v?)(\d+(?:\.\d+)*)(.*)$/.exec(v);
  if (!m) return undefined;
  return { prefix: m[1] ?? "", parts: (m[2] ?? "").split(".").map(Number), rest: m[3] ?? "" };
}

/**
 * The version a snippet should show, given the latest release (`1.4.0`): the same precision and
 * prefix as written (`v1` → `v2`, `1.2.3` → `1.4.0`); undefined when the snippet is current, newer,
 * a pre-release, or not a version at all.
 */
export function bumpedVersion(written: string, latest: string): string | undefined {
  const w = parseLooseVersion(written);
  const l = parseLooseVersion(latest);
  if (!w || !l || w.rest !== "") return undefined;
  const want = l.parts.slice(0, w.parts.length);
  while (want.length < w.parts.length) want.push(0);
  for (let i = 0; i < w.parts.length; i++) {
    const a = w.parts[i] ?? 0;
    const b = want[i] ?? 0;
    if (a < b) return `${w.prefix}${want.join(".")}`;
    if (a > b) return undefined;
  }
  return undefined;
}
