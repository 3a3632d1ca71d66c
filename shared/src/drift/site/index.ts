/**
 * Docs sites: which framework builds which folder (from its config file), the URL of every page, and
 * link resolution as the site resolves it (clean URLs, index pages, base paths, static folders, doc ids,
 * permalinks, labels). Docs outside every recognised site follow GitHub's rules.
 */

import picomatch from "picomatch";
import { type AnchorOptions, frontMatterOf } from "../markdown.js";
import { resolveRelative } from "../paths.js";
import { isMarkdown, type Workspace } from "../workspace.js";
import { dirOf, joinPath, under } from "./frameworks/common.js";
import { SITE_FRAMEWORKS } from "./registry.js";
import type { AnchorStyle } from "./slugs.js";
import type { DocsSite, SiteFramework, SitePage } from "./types.js";

export type { AnchorStyle } from "./slugs.js";
export type { DocsSite, SiteFramework } from "./types.js";

/** Settings that cover what detection cannot (`drift.detectors.links.root` / `.anchorStyle`). */
export interface SiteOptions {
  /**
   * The folder a leading `/` in a link means, like lychee's `--root-dir` (default: the framework's
   * site folder, else the repository root). With no framework recognised, pages under it are also
   * served at clean URLs (`guide/setup.md` at `/guide/setup`).
   */
  root?: string;
  /** Heading id rules for every doc, replacing the framework's (or GitHub's). */
  anchorStyle?: AnchorStyle;
  /** The frameworks to recognise. Default {@link SITE_FRAMEWORKS}. */
  frameworks?: ReadonlyMap<string, SiteFramework>;
}

/** A URL path as a route key: decoded, lower case, without `index.html`/`.html`/`.md`, without trailing `/`. */
export function routeKey(url: string): string {
  let u = url.split(/[?#]/)[0] ?? "";
  try {
    u = decodeURIComponent(u);
  } catch {
    // keep as written
  }
  u = `/${u}`
    .replace(/\/+/g, "/")
    .toLowerCase()
    .replace(/\/(index|readme|_index)\.(html?|mdx?|markdown)$/, "/")
    .replace(/\.(html?|mdx?|markdown)$/, "");
  return u.replace(/\/+$/, "");
}

async function buildSite(
  ws: Workspace,
  framework: SiteFramework,
  config: string,
  text: string,
): Promise<DocsSite | undefined> {
  const layout = await framework.layout(config, text, ws);
  if (!layout) return undefined;
  const siteDir = framework.id === "vitepress" ? dirOf(dirOf(config)) : dirOf(config);
  const site: DocsSite = {
    ...layout,
    framework: framework.id,
    name: framework.name,
    config,
    siteDir,
    routes: new Map(),
    urls: new Map(),
    labels: new Set(),
    pageLabels: new Map(),
    headless: new Set(),
    includes: new Map(),
    anchorMakers: new Map(),
  };
  const pages: SitePage[] = [];
  for (const f of ws.files) {
    if (!isMarkdown(f) || !layout.pageDirs.some((d) => under(d, f) !== undefined)) continue;
    const doc = await ws.doc(f);
    pages.push({ path: f, root: doc.root, frontMatter: frontMatterOf(doc.root) });
  }
  const placed = pages.map((page) => ({ page, urls: framework.pageUrls(page, site) }));
  // A page's own URL first, then aliases: an alias never takes the URL another page is served at.
  for (const { page, urls } of placed) {
    if (urls[0] === undefined) continue;
    site.urls.set(page.path, urls[0]);
    if (!site.routes.has(routeKey(urls[0]))) site.routes.set(routeKey(urls[0]), page.path);
  }
  for (const { page, urls } of placed) {
    for (const u of urls.slice(1)) if (!site.routes.has(routeKey(u))) site.routes.set(routeKey(u), page.path);
  }
  for (const { page } of placed) {
    const labels = framework.labelsOf?.(page) ?? [];
    if (labels.length > 0) {
      site.pageLabels.set(page.path, labels);
      for (const l of labels) site.labels.add(l);
    }
  }
  await framework.finish?.(site, ws, pages);
  return site;
}

/**
 * Finds the docs sites of the repository from their config files (VitePress, Docusaurus, MkDocs,
 * Sphinx, Jekyll, Hugo) and places every page. With `root`, a folder no framework claims becomes a
 * site of its own. Never throws: a config that cannot be read gives the framework's defaults.
 */
export async function detectSites(ws: Workspace, options: SiteOptions = {}): Promise<DocsSite[]> {
  const frameworks = options.frameworks ?? SITE_FRAMEWORKS;
  const sites: DocsSite[] = [];
  for (const fw of frameworks.values()) {
    const isMatch = picomatch(fw.configFiles, { dot: true });
    for (const config of ws.files.filter((f) => isMatch(f) && !ws.isIgnored(f))) {
      const site = await buildSite(ws, fw, config, await ws.read(config));
      if (site) sites.push(site);
    }
  }
  if (options.root !== undefined) {
    const root = joinPath(options.root);
    const owner = sites.find((s) => s.pageDirs.some((d) => d === root || under(d, root) !== undefined));
    if (owner) {
      owner.staticDirs.unshift(root);
    } else {
      const site = await buildSite(ws, customSite(root), `${root ? `${root}/` : ""}(links.root)`, "");
      if (site) {
        site.siteDir = root;
        sites.push(site);
      }
    }
  }
  if (options.anchorStyle) {
    for (const s of sites) s.anchors = s.anchors.map((a) => ({ ...a, style: options.anchorStyle }));
  }
  // The deepest page folder wins when sites nest (a docs site inside a Jekyll repository root).
  return sites;
}

function customSite(root: string): SiteFramework {
  return {
    id: "links-root",
    name: "links.root",
    configFiles: [],
    async layout() {
      return {
        pageDirs: [root],
        staticDirs: [root],
        basePath: "/",
        directoryUrls: false,
        anchors: [{ style: "github" }],
      };
    },
    pageUrls(page) {
      const rel = under(root, page.path);
      if (rel === undefined) return [];
      const noExt = rel.replace(/\.(md|mdx|markdown)$/i, "");
      return [`/${noExt.replace(/(^|\/)(index|README)$/i, "")}`];
    },
    example: { files: {}, from: "", resolves: [], broken: [] },
  };
}

/** The site a doc belongs to (the one with the deepest page folder holding it), if any. */
export function siteOf(sites: readonly DocsSite[], file: string): DocsSite | undefined {
  let best: DocsSite | undefined;
  let depth = -1;
  for (const s of sites) {
    for (const d of [...s.pageDirs, s.siteDir]) {
      if (under(d, file) === undefined) continue;
      const n = d === "" ? 0 : d.split("/").length;
      if (n > depth) {
        best = s;
        depth = n;
      }
    }
  }
  return best;
}

const PAGE_VARIANTS = [
  "",
  ".md",
  ".mdx",
  ".markdown",
  "/index.md",
  "/index.mdx",
  "/README.md",
  "/_index.md",
  "/index.html",
];

/** The file (or folder) a path names, trying the page names a site generator serves it under. */
function existing(ws: Workspace, path: string): string | undefined {
  const p = path.replace(/\/+$/, "");
  const bases = [p];
  if (/\.html?$/i.test(p)) bases.push(p.replace(/\.html?$/i, ""));
  for (const b of bases) {
    for (const v of PAGE_VARIANTS) {
      const c = `${b}${v}`.replace(/^\//, "");
      if (ws.fileSet.has(c)) return c;
    }
  }
  if (ws.dirs.has(p)) return p;
  // A case-insensitive file system (and Hugo's lower-case URLs) may serve `Language.md` as `language`.
  return undefined;
}

/** What a link in a site resolved to. */
export type SiteResolution =
  /** A file or folder of the repository. */
  | { kind: "file"; target: string }
  /** A destination the site handles itself (a MyST label, a name a link render hook knows). */
  | { kind: "label" };

/**
 * Resolves the path part of a link (`/guide/setup`, `../config/`, `configuration`) written in `from`,
 * as `site` serves it: a file path (with the extensions and index pages a generator adds), a URL of a
 * page (absolute after the base path, or relative to the page's own URL), a file in a static folder, or
 * a label. Undefined when nothing matches.
 */
export function resolveInSite(ws: Workspace, site: DocsSite, from: string, path: string): SiteResolution | undefined {
  if (site.labels.has(path) || site.labels.has(path.replace(/\/$/, ""))) return { kind: "label" };
  const candidates: string[] = [];
  const urls: string[] = [];
  if (path.startsWith("/")) {
    let sitePath = path;
    const base = site.basePath.replace(/\/$/, "");
    if (base && (sitePath === base || sitePath.startsWith(`${base}/`))) sitePath = sitePath.slice(base.length) || "/";
    for (const dir of [...site.staticDirs, ...site.pageDirs, site.siteDir]) candidates.push(joinPath(dir, sitePath));
    urls.push(sitePath);
  } else {
    const rel = resolveRelative(from, path);
    if (rel !== undefined) candidates.push(rel);
    const own = site.urls.get(from);
    if (own !== undefined) {
      // Resolved from the page's URL both as a folder (`/docs/x/` + `y/`) and as a file (`/docs/x` + `y`).
      const dirUrl = own.endsWith("/") ? own : `${own}/`;
      const fileUrl = own.endsWith("/") ? own.slice(0, -1) : own;
      urls.push(`/${joinPath(dirUrl, path)}`, `/${joinPath(dirOf(fileUrl), path)}`);
    }
    if (site.rootRelative) urls.push(`/${joinPath(path)}`);
  }
  for (const c of candidates) {
    const hit = existing(ws, c);
    if (hit !== undefined) return { kind: "file", target: hit };
  }
  for (const u of urls) {
    const page = site.routes.get(routeKey(u));
    if (page !== undefined) return { kind: "file", target: page };
    for (const dir of site.staticDirs) {
      const hit = existing(ws, joinPath(dir, u));
      if (hit !== undefined) return { kind: "file", target: hit };
    }
  }
  return undefined;
}

/** The ways heading ids are made in a doc: its site's, else GitHub's (or `anchorStyle`). */
export function anchorOptionsFor(site: DocsSite | undefined, anchorStyle?: AnchorStyle): AnchorOptions[] {
  if (site) return site.anchors;
  return [{ style: anchorStyle ?? "github" }];
}
