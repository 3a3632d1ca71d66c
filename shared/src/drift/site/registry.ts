import { docusaurus } from "./frameworks/docusaurus.js";
import { hugo } from "./frameworks/hugo.js";
import { jekyll } from "./frameworks/jekyll.js";
import { mkdocs } from "./frameworks/mkdocs.js";
import { sphinx } from "./frameworks/sphinx.js";
import { vitepress } from "./frameworks/vitepress.js";
import type { SiteFramework } from "./types.js";

/** Every docs-site framework drift-check recognises, by id (tried in this order). */
export const SITE_FRAMEWORKS: ReadonlyMap<string, SiteFramework> = new Map(
  [vitepress, docusaurus, mkdocs, sphinx, jekyll, hugo].map((f) => [f.id, f]),
);
