/**
 * Labelled issues from CSV (RFC 4180, parsed by csv-parse): a header row with at least `title`, `body` and
 * `label`; optional `repo` (used by `--group-by repo`) and `created_at`. The NLBSE'24 files have this shape.
 */
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import type { LabelledIssue } from "./train.js";

interface CsvErrorLike {
  message: string;
  lines?: number;
  code?: string;
}

/**
 * Parses CSV text into labelled issues. `file` names the source in errors. Rows with an empty label are
 * kept out (unlabelled issues teach nothing). Throws InputError naming the file and line on a malformed
 * row, and the header line when a required column is missing.
 */
export function parseIssuesCsv(text: string, file: string): LabelledIssue[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_quotes: false, skip_empty_lines: true, max_record_size: 0 }) as string[][];
  } catch (error) {
    const e = error as CsvErrorLike;
    throw new InputError(`not valid CSV: ${e.message.replace(/^Invalid [^:]*:\s*/, "")}`, {
      location: { file, ...(e.lines !== undefined ? { line: e.lines } : {}) },
      hint: "quote fields that contain commas, quotes or line breaks (RFC 4180), doubling quotes inside them",
      cause: error,
    });
  }
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const missing = ["title", "body", "label"].filter((c) => col(c) < 0);
  if (missing.length > 0) {
    throw new InputError(
      `the header row lacks the column(s) ${missing.join(", ")} (found: ${header.join(", ") || "nothing"})`,
      {
        location: { file, line: 1 },
        hint: "the first row must name the columns: title, body, label (optional: repo, created_at)",
      },
    );
  }
  const [ti, bi, li, ri, ci] = [col("title"), col("body"), col("label"), col("repo"), col("created_at")];
  const out: LabelledIssue[] = [];
  for (let n = 1; n < rows.length; n++) {
    const r = rows[n]!;
    const label = (r[li] ?? "").trim();
    if (label === "") continue;
    out.push({
      title: r[ti] ?? "",
      body: r[bi] ?? "",
      label,
      ...(ri >= 0 && r[ri] ? { group: r[ri] } : {}),
      ...(ci >= 0 && r[ci] ? { createdAt: r[ci] } : {}),
    });
  }
  return out;
}
