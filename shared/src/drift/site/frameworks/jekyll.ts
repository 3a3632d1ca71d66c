import type { SiteFramework, SitePage } from "../types.js";
import { basePathOf, cleanUrl, dirOf, fmString, joinPath, parseConfig, under, withoutExt } from "./common.js";

interface Collection {
  name: string;
  permalink: string;
}

const POST = /^(?:.*\/)?(\d{4})-(\d{2})-(\d{2})-(.+)$/;

function expand(pattern: string, page: SitePage, collection: string, rel: string): string {
  const noExt = withoutExt(rel);
  const post = POST.exec(noExt);
  const title = fmString(page.frontMatter, "slug") ?? (post ? post[4] : noExt.split("/").at(-1)) ?? "";
  const categories = page.frontMatter.categories ?? page.frontMatter.category;
  const cats = Array.isArray(categories)
    ? categories.join("/")
    : typeof categories === "string"
      ? categories.split(" ").join("/")
      : "";
  return pattern
    .replace(/:collection/g, collection)
    .replace(/:path/g, noExt.replace(/\/index$/i, ""))
    .replace(/:name/g, noExt.split("/").at(-1) ?? "")
    .replace(/:title/g, title)
    .replace(/:slug/g, title)
    .replace(/:categories/g, cats)
    .replace(/:year/g, post?.[1] ?? "")
    .replace(/:month/g, post?.[2] ?? "")
    .replace(/:day/g, post?.[3] ?? "")
    .replace(/:output_ext/g, ".html")
    .replace(/\/+/g, "/");
}

const BUILT_IN: Record<string, string> = {
  date: "/:categories/:year/:month/:day/:title:output_ext",
  pretty: "/:categories/:year/:month/:day/:title/",
  ordinal: "/:categories/:year/:y_day/:title:output_ext",
  none: "/:categories/:title:output_ext",
};

/**
 * Jekyll (and GitHub Pages): `_config.yml` beside `_layouts`, `_includes`, `_posts` or a `theme`;
 * pages at their path (`about.md` → `/about.html`, `index.md` → the folder) or their `permalink`,
 * posts and collections by their `permalink` pattern, every other file served as it is; GFM
 * (GitHub) and kramdown heading ids, `{#id}` ids.
 */
export const jekyll: SiteFramework = {
  id: "jekyll",
  name: "Jekyll",
  configFiles: ["_config.yml", "_config.yaml", "**/_config.yml", "**/_config.yaml"],
  async layout(config, text, ws) {
    const siteDir = dirOf(config);
    const cfg = parseConfig(config, text);
    const marker = ["_layouts", "_includes", "_posts", "_data", "_sass"].some((d) => ws.dirs.has(joinPath(siteDir, d)));
    if (!marker && cfg.theme === undefined && cfg.remote_theme === undefined) return undefined;
    const collections: Collection[] = [];
    const postPattern =
      typeof cfg.permalink === "string" ? (BUILT_IN[cfg.permalink] ?? cfg.permalink) : (BUILT_IN.date ?? "");
    const raw = cfg.collections;
    if (raw && typeof raw === "object") {
      const entries: [string, unknown][] = Array.isArray(raw) ? raw.map((n) => [String(n), {}]) : Object.entries(raw);
      for (const [name, opts] of entries) {
        const p = opts && typeof opts === "object" ? (opts as { permalink?: unknown }).permalink : undefined;
        collections.push({
          name,
          permalink:
            typeof p === "string"
              ? (BUILT_IN[p] ?? p)
              : name === "posts"
                ? postPattern
                : "/:collection/:path:output_ext",
        });
      }
    }
    if (!collections.some((c) => c.name === "posts")) collections.push({ name: "posts", permalink: postPattern });
    return {
      pageDirs: [siteDir],
      staticDirs: [siteDir],
      basePath: basePathOf(cfg.baseurl),
      directoryUrls: true,
      anchors: [
        { style: "github", customIds: true },
        { style: "kramdown", customIds: true },
      ],
      collections: collections.map((c) => `${c.name}\u0000${c.permalink}`),
    };
  },
  pageUrls(page, site) {
    const rel = under(site.pageDirs[0] ?? "", page.path);
    if (rel === undefined) return [];
    const permalink = fmString(page.frontMatter, "permalink");
    const top = rel.split("/")[0] ?? "";
    for (const entry of site.collections ?? []) {
      const [name = "", pattern = ""] = entry.split("\u0000");
      if (top !== `_${name}`) continue;
      const inner = rel.slice(top.length + 1);
      if (permalink) return [permalink];
      return [expand(pattern, page, name, inner)];
    }
    if (permalink) return [permalink];
    if (top.startsWith("_")) return [];
    return [cleanUrl(withoutExt(rel), false), `/${withoutExt(rel)}/`];
  },
  example: {
    files: {
      "docs/_config.yml": "collections:\n  docs:\n    permalink: /:collection/:path/\n    output: true\n",
      "docs/_layouts/default.html": "<html></html>",
      "docs/_docs/usage.md": "---\ntitle: Usage\n---\n\n# Usage\n",
      "docs/_posts/2016-04-19-jekyll-3-0-4-released.markdown": "---\ntitle: x\n---\nx\n",
      "docs/pages/team.md": "---\npermalink: /team/\n---\n# Team\n",
      "docs/img/logo.png": "png",
    },
    from: "docs/_docs/usage.md",
    resolves: ["/docs/usage/", "/team/", "/img/logo.png", "/2016/04/19/jekyll-3-0-4-released.html"],
    broken: ["/docs/usages/", "/news/"],
  },
};
