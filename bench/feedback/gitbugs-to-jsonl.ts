/**
 * Converts the public bug-report collection av9ash/gitbugs (CC BY 4.0) into the JSON lines
 * `bench/feedback/duplicates.ts` reads: one report a line, {"repo","number","title","body","createdAt",
 * "duplicateOf"?}. The collection stays outside this repository: clone it anywhere, then
 *
 *   node_modules/.bin/tsx bench/feedback/gitbugs-to-jsonl.ts <gitbugs clone> <out.jsonl> [project ...]
 *
 * Projects (default hadoop seamonkey, the two whose report texts and duplicate pairs are both in the clone):
 * `hadoop` (JIRA: Summary, Issue id, Created "30/Sep/21 17:20", Description) and `seamonkey` (Bugzilla:
 * Summary, Issue id, Created ISO, Description). `duplicateOf` lists every report paired with this one in the
 * project's `*_bugs-combined.csv` (the pairs are listed in both directions there; the benchmark only counts a
 * report whose partner is earlier). Throws naming the file when a column is missing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PROJECTS: Record<string, { reports: string; pairs: string }> = {
  hadoop: { reports: "hadoop/hadoop_bugs.csv", pairs: "hadoop/hadoop_bugs-combined.csv" },
  seamonkey: { reports: "seamonkey/SeaMonkey_bugs.csv", pairs: "seamonkey/SeaMonkey_bugs-combined.csv" },
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "30/Sep/21 17:20" (JIRA) or "2020-01-02 17:14:21+00:00" (Bugzilla) as ISO 8601 UTC. */
function iso(created: string, file: string, line: number): string {
  const jira = /^(\d{1,2})\/([A-Z][a-z]{2})\/(\d{2}) (\d{1,2}):(\d{2})$/.exec(created.trim());
  if (jira) {
    const [, d, mon, y, h, m] = jira;
    const month = MONTHS.indexOf(mon!);
    if (month >= 0) return new Date(Date.UTC(2000 + Number(y), month, Number(d), Number(h), Number(m))).toISOString();
  }
  const t = Date.parse(created.trim().replace(" ", "T"));
  if (Number.isNaN(t)) throw new Error(`${file}:${line}: unreadable Created date ${JSON.stringify(created)}`);
  return new Date(t).toISOString();
}

/** RFC 4180 rows of a file (quoted fields may hold commas, doubled quotes and line breaks), as records. */
function table(file: string): Record<string, string>[] {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") endField();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endField();
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new Error(`${file}: a quoted field is not closed before the end of the file`);
  endField();
  if (row.some((f) => f !== "")) rows.push(row);
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ""])));
}

const [root, out, ...wanted] = process.argv.slice(2);
if (!root || !out) {
  process.stderr.write("usage: tsx bench/feedback/gitbugs-to-jsonl.ts <gitbugs clone> <out.jsonl> [project ...]\n");
  process.exit(2);
}
const lines: string[] = [];
for (const project of wanted.length > 0 ? wanted : Object.keys(PROJECTS)) {
  const p = PROJECTS[project];
  if (!p) throw new Error(`unknown project ${project}: one of ${Object.keys(PROJECTS).join(", ")}`);
  const partners = new Map<number, Set<number>>();
  const pairFile = join(root, p.pairs);
  for (const [i, row] of table(pairFile).entries()) {
    // "Issue id,Duplicate id"; the second column may list several ids ("13547000, 13396667").
    const [a, ...bs] = Object.values(row)
      .flatMap((v) => String(v).split(/[,\s]+/))
      .filter((v) => v !== "")
      .map(Number);
    if (!Number.isInteger(a) || bs.length === 0 || !bs.every(Number.isInteger)) {
      throw new Error(`${pairFile}:${i + 2}: expected an issue id and one or more duplicate ids`);
    }
    for (const b of bs) {
      for (const [x, y] of [
        [a!, b],
        [b, a!],
      ] as const) {
        if (!partners.has(x)) partners.set(x, new Set());
        partners.get(x)!.add(y);
      }
    }
  }
  const reportFile = join(root, p.reports);
  for (const [i, row] of table(reportFile).entries()) {
    for (const c of ["Summary", "Issue id", "Created", "Description"]) {
      if (!(c in row)) throw new Error(`${reportFile}:1: no column ${c} (found ${Object.keys(row).join(", ")})`);
    }
    const number = Number(row["Issue id"]);
    const dups = [...(partners.get(number) ?? [])].sort((x, y) => x - y);
    lines.push(
      JSON.stringify({
        repo: project,
        number,
        title: row.Summary ?? "",
        body: row.Description ?? "",
        createdAt: iso(row.Created ?? "", reportFile, i + 2),
        ...(dups.length > 0 ? { duplicateOf: dups } : {}),
      }),
    );
  }
}
writeFileSync(out, `${lines.join("\n")}\n`);
process.stdout.write(`${lines.length} reports written to ${out}\n`);
