/** One task-list item of a Markdown body. */
export interface ChecklistItem {
  text: string;
  checked: boolean;
}

// A line scan rather than a Markdown parser: GitHub's task-list syntax is one line per item, and the
// installed mdast parser has no GFM task-list extension. Fenced code blocks are skipped.
const ITEM_RE = /^\s{0,3}(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$/;

/** The task-list items (`- [ ] x`, `- [x] y`) of a Markdown body, outside code blocks, in order. */
export function checklistItems(body: string): ChecklistItem[] {
  const out: ChecklistItem[] = [];
  let fence: string | undefined;
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const f = /^\s{0,3}(```+|~~~+)/.exec(line);
    if (f) {
      if (!fence) fence = f[1]!.slice(0, 3);
      else if (f[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence) continue;
    const m = ITEM_RE.exec(line);
    if (m) out.push({ text: m[2]!.trim(), checked: m[1] !== " " });
  }
  return out;
}

/** Whether the body has at least one task-list item and every one is ticked. */
export function checklistComplete(body: string): boolean {
  const items = checklistItems(body);
  return items.length > 0 && items.every((i) => i.checked);
}

/**
 * A task list of `items`, ticking those ticked in `previous` (matched by text), so re-rendering a body
 * never unticks what a human ticked.
 */
export function renderChecklist(items: readonly string[], previous = ""): string {
  const ticked = new Set(
    checklistItems(previous)
      .filter((i) => i.checked)
      .map((i) => i.text),
  );
  return items.map((t) => `- [${ticked.has(t) ? "x" : " "}] ${t}`).join("\n");
}
