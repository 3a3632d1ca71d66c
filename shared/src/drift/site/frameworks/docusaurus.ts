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
 * versioned docs at `/docs/<version>/`, blog posts at `/blog/YYYY/MM/DD/name` (or their `slug`),
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
    };
  },
  pageUrls(page, site) {
    const routeBase = site.routeBase ?? "/docs";
    for (const dir of site.pageDirs) {
      const rel = under(dir, page.path);
      if (rel === undefined) continue;
      if (dir.endsWith("/blog") || dir === "blog") return [blogUrl(rel, page)];
      if (dir.endsWith("src/pages")) return [cleanUrl(withoutExt(rel), false)];
      const version = /\/versioned_docs\/version-([^/]+)$|^versioned_docs\/version-([^/]+)$/.exec(dir);
      if (version) return [docUrl(rel, `${routeBase}/${version[1] ?? version[2]}`, page), docUrl(rel, routeBase, page)];
      return [docUrl(rel, routeBase, page)];
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
