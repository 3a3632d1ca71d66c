/**
 * Maps 0-based character offsets of a text to 1-based line numbers. Built once per file (one pass over
 * the text), then each lookup is a binary search, so a parser that locates many keys stays linear.
 */
export interface LineIndex {
  line(offset: number): number;
}

/** Builds a {@link LineIndex} for `text`; an offset past the end maps to the last line. Never throws. */
export function lineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return {
    line(offset) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] ?? 0) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    },
  };
}

/** 1-based line of one `offset` in `text`, for a single lookup. Never throws. */
export function lineAt(text: string, offset: number): number {
  return lineIndex(text).line(offset);
}
