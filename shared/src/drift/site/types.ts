/**
 * Docs-site frameworks (VitePress, Docusaurus, MkDocs, Sphinx, Jekyll, Hugo): how a repository's docs
 * are built and served, so a link is resolved as the site resolves it rather than as GitHub would show
 * the file. One file per framework under `frameworks/`, listed in `registry.ts` (design §3).
 */

import type { Root } from "mdast";
import type { AnchorOptions } from "../markdown.js";
import type { Workspace } from "../workspace.js";

/** A page's front matter and tree, as a framework needs them to place the page. */
export interface SitePage {
  path: string;
  root: Root;
  frontMatter: Record<string, unknown>;
}

/** Where a framework serves things, read from its config file (or its defaults). */
export interface SiteLayout {
  /** Folders whose Markdown pages the site renders (repository-relative, no trailing `/`). */
  pageDirs: string[];
  /** Folders whose files are served from the site root (`public/`, `static/`). */
  staticDirs: string[];
  /** The path the site is served under (`/`, `/docs/`); a link that starts with it has it removed. */
  basePath: string;
  /** Whether page URLs end in `/` (a relative URL is then resolved from inside the page's folder). */
  directoryUrls: boolean;
  /** Heading ids: one or more slug rules the generator may use (each tried), `{#id}`, definition terms. */
  anchors: AnchorOptions[];
  /** Docusaurus: the docs plugin's `routeBasePath` (`/docs`). */
  routeBase?: string;
  /**
   * Docusaurus: the URL path under `routeBase` of each versioned docs folder (`website/versioned_docs/version-30.0`
   * → `/30.0`, the last version → `""`) and of the current docs (`/next` once versions exist, else `""`).
   */
  docsVersionPaths?: Map<string, string>;
  /** Jekyll: collections as `name\0permalink`. */
  collections?: string[];
}

/** A recognised docs site. */
export interface DocsSite extends SiteLayout {
  framework: string;
  /** Display name (`VitePress`). */
  name: string;
  /** The config file that identified it. */
  config: string;
  /** The folder the config lives in (the site's own folder). */
  siteDir: string;
  /** URL path (normalised: lower case, no `.html`, no trailing `/`) → page file. */
  routes: Map<string, string>;
  /** Page file → its URL (as served, with a trailing `/` when `directoryUrls`). */
  urls: Map<string, string>;
  /** Link destinations the site handles itself (MyST labels, names a link render hook compares). */
  labels: Set<string>;
  /** Page → the labels it defines (MyST `(label)=`), which are anchors of that page too. */
  pageLabels: Map<string, string[]>;
  /** Pages that are never rendered alone (Hugo headless bundles): their `#fragment` links are not checked. */
  headless: Set<string>;
  /** Relative link destinations are also looked up from the site root (Hugo link render hooks use `site.GetPage`). */
  rootRelative?: boolean;
  /** Page → files whose headings it includes (Hugo's `include` shortcode). */
  includes: Map<string, string[]>;
  /**
   * Page → the shortcodes it calls whose templates make heading or term ids at build time (Hugo: a
   * `{{% glossary %}}` that writes a definition term per child page): its anchors cannot all be known
   * from the repository, so a `#fragment` no heading of it has is not judged.
   */
  anchorMakers: Map<string, string[]>;
}

/** One framework: how to recognise it and how it places pages. */
export interface SiteFramework {
  id: string;
  name: string;
  /** Config files that identify a site (globs); the first match wins per folder. */
  configFiles: string[];
  /**
   * Reads the config file (its text; the workspace for anything else) into a layout. Never throws: a
   * config it cannot read gives the framework's defaults.
   */
  layout(config: string, text: string, ws: Workspace): Promise<SiteLayout | undefined>;
  /** The URL paths of one page (the first is its own; more for aliases), each starting with `/`. */
  pageUrls(page: SitePage, site: DocsSite): string[];
  /** Link destinations the site resolves itself, found in one page (MyST `(label)=` targets). */
  labelsOf?(page: SitePage): string[];
  /** Extra work after every page is placed (Hugo: render hook literals, headless bundles, includes). */
  finish?(site: DocsSite, ws: Workspace, pages: SitePage[]): Promise<void>;
  /** A fixture for the contract test: files in, links that must resolve and links that must not. */
  example: { files: Record<string, string>; from: string; resolves: string[]; broken: string[] };
}
