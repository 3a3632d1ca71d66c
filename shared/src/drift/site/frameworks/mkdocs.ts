import type { SiteFramework } from "../types.js";
import { basePathOf, cleanUrl, dirOf, joinPath, parseConfig, under, withoutExt } from "./common.js";

/**
 * MkDocs: `mkdocs.yml`; pages under `docs_dir` (default `docs`) at directory URLs
 * (`use_directory_urls`, default on: `setup.md` → `/setup/`, `index.md`/`README.md` → the folder);
 * every other file of `docs_dir` served as it is; headings slugged by Python-Markdown's toc (a custom
 * `slugify`, such as pymdownx's, also tried with GitHub's rules), `{#id}` with attr_list.
 */
export const mkdocs: SiteFramework = {
  id: "mkdocs",
  name: "MkDocs",
  configFiles: ["mkdocs.yml", "mkdocs.yaml", "**/mkdocs.yml", "**/mkdocs.yaml"],
  async layout(config, text) {
    const cfg = parseConfig(config, text);
    const docsDir = joinPath(dirOf(config), typeof cfg.docs_dir === "string" ? cfg.docs_dir : "docs");
    const directoryUrls = cfg.use_directory_urls !== false;
    return {
      pageDirs: [docsDir],
      staticDirs: [docsDir],
      basePath: basePathOf(cfg.site_url),
      directoryUrls,
      anchors: [
        { style: "python-markdown", customIds: true },
        ...(/\bslugify\b/.test(text) ? [{ style: "github" as const, customIds: true }] : []),
      ],
    };
  },
  pageUrls(page, site) {
    const rel = under(site.pageDirs[0] ?? "", page.path);
    return rel === undefined ? [] : [cleanUrl(withoutExt(rel), site.directoryUrls, ["index", "README"])];
  },
  example: {
    files: {
      "mkdocs.yml": "site_name: x\nnav:\n  - index.md\n",
      "docs/index.md": "# Home\n\n## Install - pip / uv\n",
      "docs/guide/setup.md": "# Setup\n",
      "docs/img/a.png": "png",
    },
    from: "docs/guide/setup.md",
    resolves: ["../index.md#install-pip-uv", "../img/a.png", "/guide/setup/"],
    broken: ["../index.md#install---pip--uv", "../missing.md"],
  },
};
