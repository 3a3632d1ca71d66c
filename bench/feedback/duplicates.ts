/**
 * Duplicate detection quality on real duplicate pairs (issue 12 §2): Recall@5 and the precision of the
 * comment threshold. The issues of each repository are replayed in creation order through the incremental
 * index, as the bot sees them: each issue is compared with every earlier one, then added. For an issue marked
 * as a duplicate of an earlier one, Recall@5 counts whether the original is among the top 5; the comment
 * precision is the share of issues that would get a comment (best similarity ≥ threshold) whose listed
 * candidates include the original (issues that are nobody's duplicate and get a comment count as wrong).
 *
 * Input: JSON lines, one issue each: {"repo","number","title","body","createdAt","duplicateOf"?} (a number or a
 * list: a hit is any of them), from
 * `--pairs <file>` or ../shared/data/duplicates/issues.jsonl. The data is kept outside the repository; without
 * it the script says so and writes nothing.
 * Usage: node_modules/.bin/tsx bench/feedback/duplicates.ts [--pairs file.jsonl] [--threshold 0.45] [--max 3]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuplicateIndex, indexIssue } from "@upkeep/shared/feedback/duplicates.js";

interface Row {
  repo: string;
  number: number;
  title: string;
  body: string;
  createdAt: string;
  /** The earlier issue(s) this one duplicates. */
  duplicateOf?: number | number[];
}

const ROOT = join(import.meta.dirname, "../..");
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const file = arg("--pairs") ?? join(ROOT, "../shared/data/duplicates/issues.jsonl");
const threshold = Number(arg("--threshold") ?? 0.45);
const max = Number(arg("--max") ?? 3);
if (!existsSync(file)) {
  process.stdout.write(`no duplicate pairs at ${file}: pass --pairs <file.jsonl> (see the comment at the top)\n`);
  process.exit(0);
}
const rows = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l, i) => {
    try {
      return JSON.parse(l) as Row;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
  });
let queries = 0;
let hits = 0;
let commented = 0;
let commentedRight = 0;
let commentedDuplicates = 0;
for (const repo of [...new Set(rows.map((r) => r.repo))].sort()) {
  const index = new DuplicateIndex();
  const issues = rows
    .filter((r) => r.repo === repo)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
  for (const issue of issues) {
    const top = index.query(issue, { limit: 5 });
    const originals = [issue.duplicateOf ?? []].flat().filter((n) => index.has(n));
    const known = originals.length > 0;
    if (known) {
      queries++;
      if (top.some((c) => originals.includes(c.number))) hits++;
    }
    const listed = top.filter((c) => c.similarity >= threshold).slice(0, max);
    if (listed.length > 0) {
      commented++;
      if (known) commentedDuplicates++;
      if (listed.some((c) => originals.includes(c.number))) commentedRight++;
    }
    index.add(indexIssue(issue));
  }
}
const f = (x: number) => x.toFixed(3);
const text = [
  `pairs file: ${file} (${rows.length} issues)`,
  `duplicates whose original is earlier in the file: ${queries}`,
  `Recall@5: ${f(queries ? hits / queries : 0)}`,
  `comment threshold ${threshold} (max ${max}): ${commented} comments, precision ${f(commented ? commentedRight / commented : 0)} ` +
    `(over duplicates only: ${f(commentedDuplicates ? commentedRight / commentedDuplicates : 0)}), recall ${f(queries ? commentedRight / queries : 0)}`,
  "",
].join("\n");
process.stdout.write(text);
if (argv.includes("--write")) {
  const md = `### Duplicates: real duplicate pairs (kept outside the repository)

${arg("--source") ?? ""}

Command: \`node_modules/.bin/tsx bench/feedback/duplicates.ts --pairs <issues.jsonl> --threshold ${threshold} --write\`

\`\`\`text
${text.replace(file, "<issues.jsonl>")}\`\`\`
`;
  writeFileSync(join(ROOT, "bench/feedback/DUPLICATES.md"), md);
}
