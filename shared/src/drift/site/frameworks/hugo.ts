import type { SiteFramework } from "../types.js";
import { basePathOf, dirOf, fmString, joinPath, parseConfig, under, withoutExt } from "./common.js";

function get(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== "object") return undefined;
    const entry = Object.entries(cur as Record<string, unknown>).find(([key]) => key.toLowerCase() === k.toLowerCase());
    cur = entry?.[1];
  }
  return cur;
}

function contentDirs(cfg: Record<string, unknown>, siteDir: string): string[] {
  const dirs = new Set<string>();
  const mounts = get(cfg, "module", "mounts");
  if (Array.isArray(mounts)) {
    for (const m of mounts) {
      const source = get(m, "source");
      const target = get(m, "target");
      if (typeof source === "string" && typeof target === "string" && /^content(\/|$)/.test(target)) {
        dirs.add(joinPath(siteDir, source));
      }
    }
  }
  const languages = get(cfg, "languages");
  if (languages && typeof languages === "object") {
    for (const lang of Object.values(languages)) {
      const d = get(lang, "contentDir");
      if (typeof d === "string") dirs.add(joinPath(siteDir, d));
    }
  }
  const top = get(cfg, "contentDir");
  if (typeof top === "string") dirs.add(joinPath(siteDir, top));
  if (dirs.size === 0) dirs.add(joinPath(siteDir, "content"));
  return [...dirs];
}

const INCLUDE = /\{\{[<%]\s*include\s+["']([^"']+)["']\s*[>%]\}\}/g;
const SHORTCODE_CALL = /\{\{([<%])\s*([\w./-]+)/g;
const SHORTCODE_TEMPLATE = /(?:^|\/)layouts\/(?:_shortcodes|shortcodes)\/(.+)\.[a-z]+$/;

/**
 * Whether a shortcode template makes ids when it runs: an `id=` attribute or `anchorize` (any call), and,
 * in a `{{% %}}` call whose output Hugo renders as Markdown, heading lines and, with
 * `autoDefinitionTermID`, definition lists (a `: ` line makes the line above a term with an id).
 */
function makesAnchors(template: string, notation: string, definitionTerms: boolean): boolean {
  if (/\bid=|\banchorize\b/.test(template)) return true;
  if (notation !== "%") return false;
  return /^\s*#{1,6}\s/m.test(template) || (definitionTerms && /^\s*:\s/m.test(template));
}

/**
 * Hugo: `hugo.{toml,yaml,json}` (or `config.*` beside `content/`); pages under the content folders
 * (`contentDir`, per-language `contentDir`, module mounts onto `content`) at lower-case directory URLs
 * (`_index.md`/`index.md` are the folder), front matter `url`, `slug` and `aliases`; `static/` and
 * `assets/` served from the root; GitHub heading ids, `{#id}` ids, definition-term ids with
 * `autoDefinitionTermID`. A link render hook's literal names are destinations the site handles;
 * headless bundles are not pages; the `include` shortcode brings the included page's headings; a page
 * calling a shortcode whose template makes ids (`layouts/_shortcodes/*`) has anchors known only when built.
 */
export const hugo: SiteFramework = {
  id: "hugo",
  name: "Hugo",
  configFiles: [
    "hugo.{toml,yaml,yml,json}",
    "config.{toml,yaml,yml,json}",
    "config/_default/hugo.{toml,yaml,yml,json}",
    "config/_default/config.{toml,yaml,yml,json}",
  ],
  async layout(config, text, ws) {
    const siteDir = config.startsWith("config/_default/") ? "" : dirOf(config);
    const cfg = parseConfig(config, text);
    if (
      /^config\./.test(config.split("/").at(-1) ?? "") &&
      !config.startsWith("config/") &&
      !ws.dirs.has(joinPath(siteDir, "content"))
    )
      return undefined;
    const definitionTerms = get(cfg, "markup", "goldmark", "parser", "autoDefinitionTermID") === true;
    return {
      pageDirs: contentDirs(cfg, siteDir),
      staticDirs: [joinPath(siteDir, "static"), joinPath(siteDir, "assets")],
      basePath: basePathOf(get(cfg, "baseURL")),
      directoryUrls: true,
      anchors: [{ style: "github", customIds: true, definitionTerms }],
    };
  },
  pageUrls(page, site) {
    for (const dir of site.pageDirs) {
      const rel = under(dir, page.path);
      if (rel === undefined) continue;
      const url = fmString(page.frontMatter, "url");
      const aliases = Array.isArray(page.frontMatter.aliases)
        ? page.frontMatter.aliases.filter((a): a is string => typeof a === "string")
        : [];
      if (url) return [url, ...aliases];
      const segs = withoutExt(rel).split("/");
      const last = segs.at(-1) ?? "";
      if (/^_?index$/i.test(last)) segs.pop();
      else {
        const slug = fmString(page.frontMatter, "slug");
        if (slug) segs[segs.length - 1] = slug;
      }
      const path = `/${segs.join("/")}${segs.length ? "/" : ""}`.toLowerCase();
      return [path, ...aliases];
    }
    return [];
  },
  async finish(site, ws, pages) {
    for (const hook of ws.files.filter((f) => /(^|\/)layouts\/(.*\/)?_markup\/render-link[^/]*\.html$/.test(f))) {
      const text = await ws.read(hook);
      if (/\bGetPage\b/.test(text)) site.rootRelative = true;
      for (const m of text.matchAll(/\b(?:eq|ne)\s+[$.\w]+\s+"([^"/#\s]+)"/g)) if (m[1]) site.labels.add(m[1]);
    }
    const headlessDirs: string[] = [];
    for (const p of pages) {
      if (!/(^|\/)_?index\.(md|markdown|html)$/i.test(p.path)) continue;
      const fm = p.frontMatter;
      const render = get(fm, "cascade", "build", "render") ?? get(fm, "cascade", "_build", "render");
      if (fm.headless === true || render === "never" || render === false) headlessDirs.push(dirOf(p.path));
    }
    const templates = new Map<string, string>();
    for (const f of ws.files) {
      const name = SHORTCODE_TEMPLATE.exec(f)?.[1];
      if (name !== undefined && !templates.has(name)) templates.set(name, await ws.read(f));
    }
    const definitionTerms = site.anchors.some((a) => a.definitionTerms === true);
    for (const p of pages) {
      if (headlessDirs.some((d) => under(d, p.path) !== undefined)) site.headless.add(p.path);
      if (!p.path.endsWith(".md")) continue;
      const text = await ws.read(p.path);
      const makers = new Set<string>();
      for (const [, notation = "", name = ""] of text.matchAll(SHORTCODE_CALL)) {
        const template = name === "include" ? undefined : templates.get(name);
        if (template !== undefined && makesAnchors(template, notation, definitionTerms)) makers.add(name);
      }
      if (makers.size > 0) site.anchorMakers.set(p.path, [...makers]);
      if (!text.includes("include")) continue;
      for (const m of text.matchAll(INCLUDE)) {
        const target = (m[1] ?? "").replace(/^\//, "");
        for (const dir of site.pageDirs) {
          const file = [joinPath(dir, target), joinPath(dir, `${target}.md`)].find((f) => ws.fileSet.has(f));
          if (file) site.includes.set(p.path, [...(site.includes.get(p.path) ?? []), file]);
        }
      }
    }
  },
  example: {
    files: {
      "hugo.toml": "baseURL = 'https://example.org/'\n[markup.goldmark.parser]\nautoDefinitionTermID = true\n",
      "content/methods/site/Language.md": "---\ntitle: x\n---\n\nfoo\n: the foo option\n",
      "content/about/_index.md": "# About\n",
      "static/img/a.png": "png",
      "layouts/_markup/render-link.html": '{{ if eq $u.String "g" }}glossary{{ end }}',
    },
    from: "content/about/_index.md",
    resolves: ["/methods/site/language/#foo", "/about/", "/img/a.png", "g"],
    broken: ["/methods/site/languages/", "/methods/site/language/#bar"],
  },
};
