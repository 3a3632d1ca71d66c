/**
 * Generates a docs tree for the drift-check benchmark (issue 5 §5): `pages` Markdown files in
 * folders of 50, each with repeated and punctuated headings, an inputs table, code spans, install
 * snippets and relative links to other pages and their anchors; one link in `brokenEvery` is broken
 * (a missing file or anchor) so the run has known findings to count. Deterministic (seeded).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** What was generated, for checking the run's findings. */
export interface GeneratedTree {
  pages: number;
  bytes: number;
  links: number;
  brokenLinks: number;
  brokenAnchors: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = [
  "drift",
  "check",
  "release",
  "notes",
  "input",
  "output",
  "config",
  "anchor",
  "table",
  "link",
  "cache",
  "token",
];

function pagePath(i: number): string {
  return `docs/section-${String(Math.floor(i / 50)).padStart(2, "0")}/page-${String(i).padStart(4, "0")}.md`;
}

function relative(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/") || ".";
}

/** Writes the tree into `dir` (emptied first) and returns what it holds. */
export function generateDocsTree(dir: string, pages = 1500, brokenEvery = 97): GeneratedTree {
  rmSync(dir, { recursive: true, force: true });
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: GeneratedTree = { pages: 0, bytes: 0, links: 0, brokenLinks: 0, brokenAnchors: 0 };
  const write = (path: string, text: string) => {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    out.bytes += Buffer.byteLength(text);
  };
  write("package.json", '{ "name": "bench-tool", "version": "2.3.0" }\n');
  write(
    "action.yml",
    `name: bench\ninputs:\n${WORDS.map((w) => `  ${w}:\n    description: The ${w}\n    default: "${w.length}"\n`).join("")}outputs:\n  result:\n    description: r\n`,
  );
  write(
    "README.md",
    `# Bench\n\n## Inputs\n\n| Name | Description | Default |\n| --- | --- | --- |\n${WORDS.map((w) => `| \`${w}\` | The ${w} | \`${w.length}\` |`).join("\n")}\n\n## Outputs\n\n| Output | Description |\n| --- | --- |\n| \`result\` | r |\n\n${Array.from({ length: 20 }, (_, i) => `- [Page ${i}](${pagePath(i)})`).join("\n")}\n`,
  );
  // Every page has the same heading skeleton, so anchors of other pages are known without reading them.
  const anchors = ["overview", "options", "options-1", "whats-new-in-v20", "--fix-mode", "examples"];
  let n = 0;
  for (let i = 0; i < pages; i++) {
    const path = pagePath(i);
    const lines: string[] = [`# Page ${i}: ${pick(WORDS)} and ${pick(WORDS)}`, "", "## Overview", ""];
    for (let p = 0; p < 6; p++) {
      const parts: string[] = [];
      for (let l = 0; l < 3; l++) {
        n++;
        const target = pagePath(Math.floor(rand() * pages));
        const broken = n % brokenEvery === 0;
        if (broken && l === 0) {
          parts.push(`[missing](${relative(path, target.replace(".md", "-gone.md"))})`);
          out.brokenLinks++;
        } else if (broken) {
          parts.push(`[bad anchor](${relative(path, target)}#no-such-${p})`);
          out.brokenAnchors++;
        } else {
          parts.push(`[${pick(WORDS)}](${relative(path, target)}#${pick(anchors)})`);
        }
        out.links++;
      }
      lines.push(
        `The \`${pick(WORDS)}\` ${pick(WORDS)} ${pick(WORDS)} see ${parts.join(", ")} and the [top](#overview) of this page. ${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(2)}`,
        "",
      );
    }
    lines.push("## Options", "", "| Name | Description | Default |", "| --- | --- | --- |");
    for (let r = 0; r < 8; r++) lines.push(`| \`${pick(WORDS)}-${r}\` | The ${pick(WORDS)} option | \`${r}\` |`);
    lines.push("", "## Options", "", "Repeated heading.", "", "## What's new in v2.0?", "", "## `--fix` mode", "");
    lines.push(
      "## Examples",
      "",
      "```sh",
      "npm install bench-tool@2.3.0",
      `npx other-tool@1.${i % 9}.0 run`,
      "```",
      "",
    );
    write(path, `${lines.join("\n")}\n`);
    out.pages++;
  }
  return out;
}
