/** Test helpers that read GitHub-flavoured Markdown tables the way GitHub splits them. */

/** Cells of a table row: splits on `|` that no backslash escapes, like GFM's table extension. */
export function cells(row: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < row.length; i++) {
    const ch = row[i]!;
    if (ch === "\\" && i + 1 < row.length) {
      cur += ch + row[i + 1];
      i++;
    } else if (ch === "|") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  // A row starts and ends with a pipe: drop the empty text outside them.
  return out.slice(1, -1).map((c) => c.trim());
}

/** Rows of the findings table (the table whose header starts with `| Severity |`). */
export function findingRows(markdown: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.startsWith("| Severity |"));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(cells(line));
  }
  return rows;
}
