import type { Workspace } from "../../workspace.js";
import type { SiteFramework, SitePage } from "../types.js";
import {
  basePathOf,
  cleanUrl,
  dirOf,
  fmString,
  joinPath,
  jsStringOption,
  jsStringOptions,
  under,
  withoutExt,
} from "./common.js";

// Docusaurus strips number prefixes (`01-intro.md` → `intro`) from doc ids and URLs.
const NUMBER_PREFIX = /^\d+[-_.]/;

function docUrl(rel: string, routeBase: string, page: SitePage): string {
  const segs = withoutExt(rel)
    .split("/")
    .map((s) => s.replace(NUMBER_PREFIX, ""));
  const last = segs.at(-1) ?? "";
  const id = fmString(page.frontMatter, "id");
  if (id) segs[segs.length - 1] = id;
  const slug = fmString(page.frontMatter, "slug");
  if (slug) {
    if (slug.startsWith("/")) return `${routeBase}${slug}`.replace(/\/+/g, "/");
    segs[segs.length - 1] = slug;
  } else if (!id && segs.length > 1 && (/^(index|readme)$/i.test(last) || last === segs.at(-2))) {
    // `guide/index.md`, `guide/README.md` and `guide/guide.md` are the folder's page.
    segs.pop();
    return `${routeBase}/${segs.join("/")}`.replace(/\/+/g, "/");
  }
  return `${routeBase}/${cleanUrl(segs.join("/"), false, ["index", "README"]).slice(1)}`.replace(/\/+/g, "/");
}

const VERSION_DIR = /(?:^|\/)versioned_docs\/version-([^/]+)$/;

function isCurrent(dir: string): boolean {
  return !VERSION_DIR.test(dir);
}

/**
 * Where each docs folder is served under `routeBasePath`, as Docusaurus versions them: the last version
 * (the literal `lastVersion` option, else the first name in `versions.json`) at the root, every other
 * version at `/<name>`, the current docs at `/next` (at the root when there are no versions or
 * `lastVersion: 'current'`). Without `versions.json` each versioned folder keeps `/<name>`.
 */
async function versionPaths(
  ws: Workspace,
  siteDir: string,
  text: string,
  docs: readonly string[],
  versioned: readonly string[],
): Promise<Map<string, string>> {
  let names: string[] = [];
  const file = joinPath(siteDir, "versions.json");
  if (ws.fileSet.has(file)) {
    try {
      const list: unknown = JSON.parse(await ws.read(file));
      if (Array.isArray(list)) names = list.filter((v): v is string => typeof v === "string");
    } catch {
      // an unreadable versions.json: no version is the last one
    }
  }
  const last = jsStringOption(text, "lastVersion") ?? names[0];
  const out = new Map<string, string>();
  for (const d of versioned) {
    const name = VERSION_DIR.exec(d)?.[1];
    if (name !== undefined) out.set(d, name === last ? "" : `/${name}`);
  }
  const current = names.length === 0 || last === "current" ? "" : "/next";
  for (const d of docs) out.set(d, current);
  return out;
}

function blogUrl(rel: string, page: SitePage): string {
  const slug = fmString(page.frontMatter, "slug");
  if (slug) return `/blog/${slug.replace(/^\//, "")}`;
  const noExt = withoutExt(rel).replace(/\/index$/i, "");
  const m = /^(?:.*\/)?(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(noExt);
  return m ? `/blog/${m[1]}/${m[2]}/${m[3]}/${m[4]}` : `/blog/${noExt}`;
}

/**
 * Docusaurus: `docusaurus.config.*`; docs under the docs plugin's `path` (default `docs`) at
 * `routeBasePath` (default `/docs`) by id (front matter `id`/`slug`, number prefixes stripped),
 * versioned docs as `versions.json` orders them (the last version at `/docs/`, older ones at
 * `/docs/<version>/`, the current docs at `/docs/next/`), blog posts at `/blog/YYYY/MM/DD/name` (or their `slug`),
 * `src/pages` at the root, `static/` served from the root; GitHub slugs and `{#id}` ids.
 */
export const docusaurus: SiteFramework = {
  id: "docusaurus",
  name: "Docusaurus",
  configFiles: ["**/docusaurus.config.{js,ts,mjs,cjs,mts,cts}", "docusaurus.config.{js,ts,mjs,cjs,mts,cts}"],
  async layout(config, text, ws) {
    const siteDir = dirOf(config);
    // Literal `path:` values that name a folder of pages: the docs plugin's (and any other docs instance).
    const paths = jsStringOptions(text, "path")
      .map((p) => joinPath(siteDir, p))
      .filter((p) => ws.dirs.has(p) && !p.endsWith("sidebars"));
    const docs = paths.length > 0 ? paths : [joinPath(siteDir, "docs")];
    const versioned = [...ws.dirs].filter((d) => dirOf(d) === joinPath(siteDir, "versioned_docs"));
    return {
      pageDirs: [...docs, ...versioned, joinPath(siteDir, "blog"), joinPath(siteDir, "src/pages")],
      staticDirs: [joinPath(siteDir, "static")],
      basePath: basePathOf(jsStringOption(text, "baseUrl")),
      directoryUrls: false,
      anchors: [{ style: "github", customIds: true }],
      routeBase: `/${(jsStringOption(text, "routeBasePath") ?? "docs").replace(/^\/|\/$/g, "")}`.replace(/^\/$/, ""),
      docsVersionPaths: await versionPaths(ws, siteDir, text, docs, versioned),
    };
  },
  pageUrls(page, site) {
    const routeBase = site.routeBase ?? "/docs";
    for (const dir of site.pageDirs) {
      const rel = under(dir, page.path);
      if (rel === undefined) continue;
      if (dir.endsWith("/blog") || dir === "blog") return [blogUrl(rel, page)];
      if (dir.endsWith("src/pages")) return [cleanUrl(withoutExt(rel), false)];
      const version = site.docsVersionPaths?.get(dir) ?? "";
      const own = docUrl(rel, `${routeBase}${version}`, page);
      // The current docs at `/docs/next/x` become `/docs/x` at the next release, which is what their
      // authors link to; an alias, so the last released version's own page keeps that URL.
      return version === "/next" && isCurrent(dir) ? [own, docUrl(rel, routeBase, page)] : [own];
    }
    return [];
  },
  example: {
    files: {
      "website/docusaurus.config.js": "export default { presets: [['classic', { docs: { path: '../docs' } }]] };\n",
      "docs/Configuration.md": "---\nid: configuration\n---\n\n## `testMatch` [array]\n\n## Custom {#my-id}\n",
      "docs/02-intro.md": "# Intro\n",
      "website/blog/2016-07-27-jest-14.md": "# Jest 14\n",
      "website/static/img/a.png": "png",
    },
    from: "docs/02-intro.md",
    resolves: [
      "configuration#testmatch-array",
      "/docs/configuration#my-id",
      "/img/a.png",
      "/blog/2016/07/27/jest-14",
      "./Configuration.md",
    ],
    broken: ["/docs/configurations", "configuration#nope"],
  },
};
