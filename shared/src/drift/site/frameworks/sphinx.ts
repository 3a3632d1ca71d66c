import { walk } from "../../markdown.js";
import type { SiteFramework } from "../types.js";
import { dirOf, under, withoutExt } from "./common.js";

const MYST_TARGET = /^\(([^()\s]+)\)=\s*$/;

/**
 * Sphinx with MyST Markdown: `conf.py` (a Sphinx one: it sets `extensions`, `html_theme` or
 * `project`); pages under its folder at `page.html`; `(label)=` targets are link destinations and
 * anchors of their own; section ids as docutils makes them, and MyST's GitHub-style heading anchors.
 */
export const sphinx: SiteFramework = {
  id: "sphinx",
  name: "Sphinx",
  configFiles: ["conf.py", "**/conf.py"],
  async layout(config, text) {
    if (!/^\s*(extensions|html_theme|project|myst_\w+)\s*=/m.test(text)) return undefined;
    const src = dirOf(config);
    return {
      pageDirs: [src],
      staticDirs: [src === "" ? "_static" : `${src}/_static`, src],
      basePath: "/",
      directoryUrls: false,
      anchors: [
        { style: "docutils", customIds: true },
        { style: "github", customIds: true },
      ],
    };
  },
  pageUrls(page, site) {
    const rel = under(site.pageDirs[0] ?? "", page.path);
    return rel === undefined ? [] : [`/${withoutExt(rel)}`];
  },
  labelsOf(page) {
    const out: string[] = [];
    walk(page.root, (node) => {
      if (node.type !== "paragraph" && node.type !== "html") return;
      const text = "value" in node ? String(node.value) : "";
      const first = node.type === "paragraph" ? (node.children[0] as { value?: string } | undefined)?.value : text;
      for (const line of (first ?? "").split("\n")) {
        const m = MYST_TARGET.exec(line.trim());
        if (m?.[1]) out.push(m[1]);
      }
    });
    return out;
  },
  example: {
    files: {
      "docs/conf.py": 'project = "x"\nextensions = ["myst_parser"]\n',
      "docs/faq.md": "# FAQ\n\n(labels/why)=\n\n## Why, though?\n",
      "docs/index.md": "# Home\n",
    },
    from: "docs/index.md",
    resolves: ["labels/why", "faq.md#why-though", "faq.md#labels/why"],
    broken: ["labels/nope", "faq.md#why-not"],
  },
};
