/**
 * Commander argument parser for list options: splits a comma-separated value, drops blanks, and appends
 * to the values of earlier uses, so `--exclude a,b --exclude c` gives `["a", "b", "c"]`. Never throws.
 */
export function listOption(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
