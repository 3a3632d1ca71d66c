/**
 * Heading ids as each renderer makes them. A link's `#fragment` is checked against the ids the page
 * gets where it is published: on GitHub (github-slugger), or by the docs-site generator that builds it.
 */

import { slugify as vitepressSlug } from "@mdit-vue/shared";
import GithubSlugger from "github-slugger";

/**
 * How heading ids are made:
 * - `github`: GitHub and Docusaurus (github-slugger: lower case, punctuation but `-`/`_` removed,
 *   spaces to `-`, repeats `-1`, `-2`)
 * - `vitepress`: VitePress (`@mdit-vue/shared`'s slugify: runs of punctuation and spaces to one `-`,
 *   a leading digit prefixed with `_`)
 * - `python-markdown`: MkDocs (Python-Markdown's toc extension: ASCII only, punctuation removed, runs of
 *   spaces and `-` to one `-`, repeats `_1`, `_2`)
 * - `docutils`: Sphinx section ids (docutils `make_id`: runs of anything not a letter or digit to one
 *   `-`, leading digits and `-` dropped)
 * - `kramdown`: Jekyll with kramdown's own parser (leading non-letters dropped, punctuation removed,
 *   spaces to `-`)
 */
export type AnchorStyle = "github" | "vitepress" | "python-markdown" | "docutils" | "kramdown";

/** Every anchor style, for config validation and docs. */
export const ANCHOR_STYLES: readonly AnchorStyle[] = ["github", "vitepress", "python-markdown", "docutils", "kramdown"];

/** Makes the ids of one page: call `slug` for each heading in document order (repeats are numbered). */
export interface Slugger {
  slug(text: string): string;
}

// Python-Markdown's toc.slugify (the MkDocs default): it is a Python function with no JavaScript
// package, so its three documented steps are written out here.
// What encode('ascii', 'ignore') keeps: ASCII only (matched as "not above U+007F").
const NON_ASCII = /[\u0080-\uffff]/g;

function pythonMarkdownSlug(text: string): string {
  const ascii = text.normalize("NFKD").replace(NON_ASCII, "");
  return ascii
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, "-");
}

// docutils.nodes.make_id (Sphinx section ids), likewise a Python function with no JavaScript package.
function docutilsSlug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(NON_ASCII, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[-0-9]+|-+$/g, "");
}

// kramdown's auto_ids (Jekyll with `input: kramdown`), a Ruby function with no JavaScript package.
function kramdownSlug(text: string): string {
  return text
    .replace(/^[^a-zA-Z]+/, "")
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .replace(/ /g, "-");
}

/** A fresh slugger for one page in `style`. Never throws. */
export function createSlugger(style: AnchorStyle): Slugger {
  if (style === "github") {
    const s = new GithubSlugger();
    return { slug: (t) => s.slug(t) };
  }
  const seen = new Map<string, number>();
  const base: (t: string) => string =
    style === "vitepress"
      ? vitepressSlug
      : style === "python-markdown"
        ? pythonMarkdownSlug
        : style === "docutils"
          ? docutilsSlug
          : kramdownSlug;
  const sep = style === "python-markdown" ? "_" : "-";
  return {
    slug(text) {
      const s = base(text);
      const n = seen.get(s);
      seen.set(s, (n ?? 0) + 1);
      return n === undefined ? s : `${s}${sep}${n}`;
    },
  };
}
