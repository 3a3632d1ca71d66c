// Reads the files an action appends to (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) with the runner's
// rules (actions/runner FileCommandManager): `NAME=value` lines, or `NAME<<DELIMITER` followed by value
// lines and a line that is exactly the delimiter; whichever of `=` and `<<` comes first decides; empty
// lines are skipped. The format has no published parser, hence this one.

/**
 * Parses a key-value file command file. Later entries win, as they do on the runner.
 * @param text the file's content
 * @param file the file's role, used in error messages (e.g. "GITHUB_OUTPUT")
 * @throws {Error} on a line the runner would reject (no name, empty delimiter, a heredoc without its
 *   closing delimiter), naming the line
 */
export function parseKeyValueFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  // A file that ends with a newline yields one last empty "line" that is not part of the content.
  if (lines.at(-1) === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const eq = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (name === "") throw new Error(`${file} line ${i + 1}: "${line}" has no name before "="`);
      values[name] = line.slice(eq + 1);
      continue;
    }
    if (heredoc < 0) throw new Error(`${file} line ${i + 1}: "${line}" is neither NAME=value nor NAME<<DELIMITER`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === "" || delimiter === "") {
      throw new Error(`${file} line ${i + 1}: "${line}" needs a name and a delimiter (NAME<<DELIMITER)`);
    }
    const body: string[] = [];
    let closed = false;
    for (i += 1; i < lines.length; i++) {
      if (lines[i] === delimiter) {
        closed = true;
        break;
      }
      body.push(lines[i] ?? "");
    }
    if (!closed) throw new Error(`${file}: the value of "${name}" is never closed by a line "${delimiter}"`);
    values[name] = body.join("\n");
  }
  return values;
}

/** Parses a GITHUB_PATH file: one directory a line, blank lines ignored. */
export function parsePathFile(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l !== "");
}
