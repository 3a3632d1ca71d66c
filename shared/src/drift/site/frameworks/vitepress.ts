import type { SiteFramework } from "../types.js";
import { basePathOf, cleanUrl, dirOf, joinPath, jsStringOption, under, withoutExt } from "./common.js";

/**
 * VitePress: `<dir>/.vitepress/config.*`; pages under `srcDir` (default the folder holding
 * `.vitepress`) at clean URLs (`guide/features.md` → `/guide/features`, `index.md` → the folder),
 * `public/` served from the root, headings slugged by `@mdit-vue/shared`, `{#id}` ids.
 */
export const vitepress: SiteFramework = {
  id: "vitepress",
  name: "VitePress",
  configFiles: ["**/.vitepress/config.{js,ts,mjs,mts,cjs,cts}", ".vitepress/config.{js,ts,mjs,mts,cjs,cts}"],
  async layout(config, text) {
    const siteDir = dirOf(dirOf(config));
    const src = joinPath(siteDir, jsStringOption(text, "srcDir") ?? ".");
    return {
      pageDirs: [src],
      staticDirs: [joinPath(src, "public")],
      basePath: basePathOf(jsStringOption(text, "base")),
      directoryUrls: false,
      anchors: [{ style: "vitepress", customIds: true }],
    };
  },
  pageUrls(page, site) {
    const rel = under(site.pageDirs[0] ?? "", page.path);
    return rel === undefined ? [] : [cleanUrl(withoutExt(rel), false)];
  },
  example: {
    files: {
      "docs/.vitepress/config.ts": "export default { title: 'x' }\n",
      "docs/guide/index.md": "# Guide\n\n## build.target\n",
      "docs/public/logo.svg": "<svg/>",
      "docs/config/index.md": "# Config\n",
    },
    from: "docs/config/index.md",
    resolves: ["/guide/#build-target", "/guide/", "/logo.svg", "../guide/index.md"],
    broken: ["/guide/missing", "/guide/#buildtarget"],
  },
};
