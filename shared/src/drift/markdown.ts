/**
 * Markdown as the drift detectors see it: parsed with micromark (mdast-util-from-markdown and the GFM
 * table extension), never matched line by line, so a name in a code block, a table or prose is told
 * apart exactly as GitHub renders it.
 */

import type { Heading, Html, InlineCode, Nodes, Paragraph, Root, RootContent, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { toString as nodeText } from "mdast-util-to-string";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfmTable } from "micromark-extension-gfm-table";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { type AnchorStyle, createSlugger } from "./site/slugs.js";

const FRONT_MATTER = ["yaml", "toml"] as const;

/**
 * Parses Markdown (CommonMark + GFM tables, YAML `---` or TOML `+++` front matter as its own node, not
 * as a heading) into an mdast tree with positions. Never throws.
 */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfmTable(), frontmatter([...FRONT_MATTER])],
    mdastExtensions: [gfmTableFromMarkdown(), frontmatterFromMarkdown([...FRONT_MATTER])],
  });
}

/** The front matter of a page as an object; `{}` when it has none or it does not parse. Never throws. */
export function frontMatterOf(root: Root): Record<string, unknown> {
  const first = root.children[0] as { type: string; value?: string } | undefined;
  if (!first || (first.type !== "yaml" && first.type !== "toml")) return {};
  try {
    const data =
      first.type === "yaml" ? parseYaml(first.value ?? "", { logLevel: "silent" }) : parseToml(first.value ?? "");
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Calls `fn` for every node below `node` (depth first, document order). */
export function walk(node: Nodes, fn: (node: Nodes, parent: Nodes | undefined) => void, parent?: Nodes): void {
  fn(node, parent);
  if ("children" in node) for (const child of node.children) walk(child, fn, node);
}

/** A heading and the anchor GitHub gives it. */
export interface HeadingAnchor {
  text: string;
  slug: string;
  depth: number;
  line: number;
}

/** How a page's anchors are made (from the docs-site framework that builds it, or GitHub's). */
export interface AnchorOptions {
  /** Slug rules; default `github`. */
  style?: AnchorStyle;
  /** `## Title {#custom-id}` sets the id (VitePress, Docusaurus, MkDocs attr_list, Hugo, kramdown). Default false (GitHub has no such syntax). */
  customIds?: boolean;
  /** Definition-list terms (`Term` then `: definition`) get ids, as Hugo's `autoDefinitionTermID` does. Default false. */
  definitionTerms?: boolean;
  /**
   * Leave out what inline HTML elements hold (`## repositories <span>(root-only)</span>` as
   * `repositories`), as generators that strip such labels do. Default false: GitHub keeps their text.
   */
  dropInlineHtml?: boolean;
}

/** A heading's text as rendered: inline HTML tags left out, and with `dropInlineHtml` what they enclose too. */
function headingText(node: Heading, dropInlineHtml: boolean): string {
  if (!dropInlineHtml) return nodeText(node, { includeHtml: false }).trim();
  let depth = 0;
  let out = "";
  for (const child of node.children) {
    if (child.type === "html") {
      const v = child.value.trim();
      if (/^<\/[a-z]/i.test(v)) depth = Math.max(0, depth - 1);
      else if (/^<[a-z]/i.test(v) && !/\/>$/.test(v)) depth++;
      continue;
    }
    if (depth === 0) out += nodeText(child, { includeHtml: false });
  }
  return out.trim();
}

// `{#id}` (VitePress, Docusaurus, attr_list, Hugo) and kramdown's `{: #id}`.
const CUSTOM_ID = /\s*\{:?\s*#([\w.:-]+)(?:\s[^}]*)?\}\s*$/;

/**
 * Headings with their anchors, in document order. The text is the heading as rendered (inline HTML
 * such as `<Badge>` left out); with `customIds` a trailing `{#id}` is the anchor. Default slug rules:
 * GitHub's (github-slugger: lower-case, punctuation other than `-` and `_` removed, spaces to `-`,
 * repeats suffixed `-1`, `-2`, ...).
 */
export function headingAnchors(root: Root, options: AnchorOptions = {}): HeadingAnchor[] {
  const slugger = createSlugger(options.style ?? "github");
  const out: HeadingAnchor[] = [];
  walk(root, (node) => {
    if (node.type !== "heading") return;
    let text = headingText(node as Heading, options.dropInlineHtml === true);
    const custom = options.customIds ? CUSTOM_ID.exec(text) : null;
    if (custom) text = text.slice(0, custom.index);
    const slug = custom?.[1] ?? slugger.slug(text);
    out.push({ text, slug, depth: (node as Heading).depth, line: node.position?.start.line ?? 1 });
  });
  return out;
}

// Any element with an id or a name (`<a name>`, `<h3 name>`, `<span id>`): GitHub keeps both as anchors.
const HTML_ANCHOR = /<[a-z][\w-]*\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']/gi;

/**
 * Every fragment a link may point at in this document: heading anchors (see {@link headingAnchors}),
 * explicit HTML anchors (`<a name="x">`, `<h3 name="x">`, `id="x"` on any element), `{#id}`
 * attributes on their own line (with `customIds`) and, with `definitionTerms`, definition terms.
 */
export function anchorSet(root: Root, options: AnchorOptions = {}): Set<string> {
  const set = new Set<string>();
  // Headings and (with definitionTerms) terms share one id generator, in document order, as in Hugo:
  // a term `cascade` before a heading `Cascade` makes the heading `#cascade-1`.
  const slugger = createSlugger(options.style ?? "github");
  walk(root, (node) => {
    if (node.type === "heading") {
      let text = headingText(node as Heading, options.dropInlineHtml === true);
      const custom = options.customIds ? CUSTOM_ID.exec(text) : null;
      if (custom) text = text.slice(0, custom.index);
      set.add(custom?.[1] ?? slugger.slug(text));
      return;
    }
    if (node.type === "html") {
      for (const m of (node as Html).value.matchAll(HTML_ANCHOR)) if (m[1]) set.add(m[1]);
      return;
    }
    if (node.type !== "paragraph") return;
    const text = nodeText(node as Paragraph, { includeHtml: true });
    if (options.customIds) {
      // An attribute block on the line below a heading (kramdown `{: #id}`, attr_list `{#id}`).
      const attr = /^\{:?\s*#([\w.:-]+)[^}]*\}$/.exec(text.trim().split("\n")[0] ?? "");
      if (attr?.[1]) set.add(attr[1]);
    }
    if (options.definitionTerms) {
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (i + 1 < lines.length && /^:\s/.test(lines[i + 1] ?? "") && !/^:\s/.test(line)) {
          set.add(slugger.slug(line.trim()));
        }
      });
    }
  });
  return set;
}

/** One cell of a table: its text and the first code span in it (the name, for name columns). */
export interface TableCell {
  text: string;
  code: string | undefined;
}

/** One body row with its line. */
export interface TableRow {
  line: number;
  cells: TableCell[];
}

/** A `<!-- upkeep:<kind> <source> -->` … `<!-- /upkeep:<kind> -->` region (for `--fix`). */
export interface MarkerRegion {
  kind: string;
  /** The source named in the opening marker, as written. */
  source: string;
  /** Offsets of the text between the two markers (exclusive of the markers). */
  start: number;
  end: number;
  line: number;
}

/** A GFM table with its context. */
export interface DocTable {
  line: number;
  /** Header cells, plain text. */
  header: string[];
  rows: TableRow[];
  /** Text of the nearest heading above it (undefined when there is none). */
  heading: string | undefined;
  /** The marker region it sits in, if any. */
  region: MarkerRegion | undefined;
}

const OPEN_MARKER = /^<!--\s*upkeep:([a-z-]+)\s+(\S+)\s*-->$/;
const CLOSE_MARKER = /^<!--\s*\/upkeep:([a-z-]+)\s*-->$/;

/** Marker regions at the top level of the document (unclosed markers are ignored). */
export function markerRegions(root: Root): MarkerRegion[] {
  const out: MarkerRegion[] = [];
  let open: { kind: string; source: string; start: number; line: number } | undefined;
  for (const node of root.children) {
    if (node.type !== "html") continue;
    const value = node.value.trim();
    const o = OPEN_MARKER.exec(value);
    if (o && node.position?.end.offset !== undefined) {
      open = { kind: o[1] ?? "", source: o[2] ?? "", start: node.position.end.offset, line: node.position.start.line };
      continue;
    }
    const c = CLOSE_MARKER.exec(value);
    if (c && open && c[1] === open.kind && node.position?.start.offset !== undefined) {
      out.push({ ...open, end: node.position.start.offset });
      open = undefined;
    }
  }
  return out;
}

function cellOf(node: RootContent): TableCell {
  let code: string | undefined;
  walk(node as Nodes, (n) => {
    if (code === undefined && n.type === "inlineCode") code = (n as InlineCode).value;
  });
  return { text: nodeText(node).trim(), code };
}

/** Every GFM table with its header, rows (with lines), nearest heading and marker region. */
export function tablesOf(root: Root): DocTable[] {
  const regions = markerRegions(root);
  const out: DocTable[] = [];
  let heading: string | undefined;
  walk(root, (node) => {
    if (node.type === "heading") {
      heading = nodeText(node);
      return;
    }
    if (node.type !== "table") return;
    const table = node as Table;
    const [head, ...body] = table.children;
    const offset = table.position?.start.offset ?? -1;
    out.push({
      line: table.position?.start.line ?? 1,
      header: (head?.children ?? []).map((c) => nodeText(c).trim()),
      rows: body.map((row) => ({
        line: row.position?.start.line ?? 1,
        cells: row.children.map((c) => cellOf(c)),
      })),
      heading,
      region: regions.find((r) => offset >= r.start && offset < r.end),
    });
  });
  return out;
}

/** An inline code span or a table cell's text, with where it is. */
export interface DocMention {
  value: string;
  line: number;
  column: number;
  /** `code` for a code span (anywhere, tables included), `cell` for a table cell's plain text. */
  kind: "code" | "cell";
}

/** Code spans and table cell texts: what counts as "documented" for the reference detectors. */
export function mentionsOf(root: Root): DocMention[] {
  const out: DocMention[] = [];
  walk(root, (node) => {
    if (node.type === "inlineCode") {
      out.push({
        value: (node as InlineCode).value,
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
        kind: "code",
      });
    } else if (node.type === "tableCell") {
      out.push({
        value: nodeText(node).trim(),
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
        kind: "cell",
      });
    }
  });
  return out;
}
