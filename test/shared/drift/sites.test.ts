import { detectSites, siteOf } from "@upkeep/shared/drift/site/index.js";
import { SITE_FRAMEWORKS } from "@upkeep/shared/drift/site/registry.js";
import { createSlugger } from "@upkeep/shared/drift/site/slugs.js";
import { createWorkspace } from "@upkeep/shared/drift/workspace.js";
import { describe, expect, it } from "vitest";
import { memoryFs } from "../../helpers/memory-fs.js";
import { check, places } from "./helpers.js";

const links = { detectors: ["links"] };

async function findingsFor(files: Record<string, string>, from: string, urls: string[]) {
  const body = urls.map((u) => `[x](${u})`).join("\n\n");
  const { report } = await check({ ...files, [from]: `${files[from] ?? ""}\n\n${body}\n` }, links);
  return report.findings.filter((f) => f.file === from && f.level === "error").map((f) => f.properties?.url);
}

describe("docs-site frameworks: contract (every registered framework)", () => {
  it.each([...SITE_FRAMEWORKS.values()].map((f) => [f.id, f] as const))(
    "%s: is recognised from its config and resolves its example links as it builds them",
    async (id, fw) => {
      const ws = await createWorkspace(memoryFs(fw.example.files), ["**/*.md"]);
      const sites = await detectSites(ws);
      expect(sites.map((s) => s.framework)).toContain(id);
      expect(siteOf(sites, fw.example.from)?.framework).toBe(id);
      const broken = await findingsFor(fw.example.files, fw.example.from, [
        ...fw.example.resolves,
        ...fw.example.broken,
      ]);
      expect(broken.sort()).toEqual([...fw.example.broken].sort());
    },
  );

  it("without a recognised framework GitHub's rules apply: clean URLs and site-root paths are broken", async () => {
    const files = {
      "docs/guide/setup.md": "# Setup\n",
      "README.md": "# R\n\n[a](/guide/setup) [b](docs/guide/setup)\n",
    };
    const { report } = await check(files, links);
    expect(places(report.findings)).toEqual([
      "drift/links/broken-link@README.md:3",
      "drift/links/broken-link@README.md:3",
    ]);
  });
});

describe("docs-site frameworks: shapes from real repositories", () => {
  it("VitePress: /guide/... routes from the docs root, .html and clean URLs, public/ files, slugs of dotted headings", async () => {
    const files = {
      "docs/.vitepress/config.ts": "export default defineConfig({ cleanUrls: true })\n",
      "docs/config/server-options.md":
        '# Server Options\n\n## server.port\n\n## resolve.conditions <Badge text="x" />\n',
      "docs/guide/index.md": "# Guide\n",
      "docs/public/og.webp": "x",
    };
    const broken = await findingsFor(files, "docs/guide/index.md", [
      "/config/server-options#server-port",
      "/config/server-options.html#resolve-conditions",
      "../config/server-options.md#server-port",
      "/og.webp",
      "./",
      "/config/server-options#serverport",
      "/og.png",
    ]);
    expect(broken).toEqual(["/config/server-options#serverport", "/og.png"]);
  });

  it("base paths: a link written with the site's base (VitePress `base`, Docusaurus `baseUrl`) resolves too", async () => {
    const vp = {
      "docs/.vitepress/config.ts": "export default { base: '/my-lib/' }\n",
      "docs/guide/setup.md": "# Setup\n",
      "docs/index.md": "# Home\n",
    };
    expect(
      await findingsFor(vp, "docs/index.md", ["/my-lib/guide/setup", "/guide/setup", "/other/guide/setup"]),
    ).toEqual(["/other/guide/setup"]);
    const du = {
      "site/docusaurus.config.ts": "export default { baseUrl: '/proj/' };\n",
      "site/docs/intro.md": "# Intro\n",
      "site/docs/usage.md": "# Usage\n",
    };
    expect(await findingsFor(du, "site/docs/usage.md", ["/proj/docs/intro", "/docs/intro", "/proj/docs/nope"])).toEqual(
      ["/proj/docs/nope"],
    );
  });

  it("Docusaurus: a docs path outside the site folder, front matter ids, relative URL links, static images, versioned docs", async () => {
    const files = {
      "website/docusaurus.config.mjs": "export default { presets: [['classic', { docs: { path: '../docs' } }]] };\n",
      "docs/WatchPlugins.md": "---\nid: watch-plugins\n---\n# Watch\n",
      "docs/GlobalAPI.md": "---\nid: api\n---\n\n## `test.each(table)(name, fn)`\n",
      "docs/Configuration.md": "---\nid: configuration\ntitle: Configuring\n---\n\n### `coverageDirectory` [string]\n",
      "website/versioned_docs/version-29.7/Configuration.md": "---\nid: configuration\n---\n\n### `notify` [boolean]\n",
      "website/static/img/blog/snapshot.png": "png",
    };
    const broken = await findingsFor(files, "docs/WatchPlugins.md", [
      "configuration#coveragedirectory-string",
      "/docs/29.7/configuration#notify-boolean",
      "/docs/api#testeachtablename-fn",
      "/img/blog/snapshot.png",
      "configuration#coveragereporters-arraystring",
    ]);
    expect(broken).toEqual(["configuration#coveragereporters-arraystring"]);
  });

  it("MkDocs: Python-Markdown slugs collapse punctuation runs, attr_list {#id}", async () => {
    const files = {
      "mkdocs.yml": "site_name: x\nmarkdown_extensions:\n  - attr_list\n",
      "docs/reference/index.md": "# Reference\n\n## Install -- pip / uv\n\n## Options {#opts}\n",
      "docs/concepts/cache.md": "# Cache\n",
    };
    const broken = await findingsFor(files, "docs/concepts/cache.md", [
      "../reference/index.md#install-pip-uv",
      "../reference/#opts",
      "../reference/index.md#install----pip--uv",
    ]);
    expect(broken).toEqual(["../reference/index.md#install----pip--uv"]);
  });

  it("Sphinx/MyST: (label)= targets are link destinations", async () => {
    const files = {
      "docs/conf.py": "extensions = ['myst_parser']\nmyst_heading_anchors = 3\n",
      "docs/faq.md": "# FAQ\n\n(labels/line-length)=\n\n## Line length\n",
      "docs/guide.md": "# Guide\n",
    };
    expect(
      await findingsFor(files, "docs/guide.md", ["labels/line-length", "faq.md#line-length", "labels/nope"]),
    ).toEqual(["labels/nope"]);
  });

  it("Jekyll: collection permalinks, page permalinks, folder-relative URLs, kramdown {: #id} under a heading", async () => {
    const files = {
      "docs/_config.yml": "collections:\n  docs:\n    permalink: /:collection/:path/\n    output: true\n",
      "docs/_layouts/page.html": "x",
      "docs/_docs/maintaining/index.md": "# Maintaining\n",
      "docs/_docs/maintaining/releasing.md": "# Releasing\n",
      "docs/_docs/history.md": "---\npermalink: /docs/history/\n---\n\n## 1.0.0 / 2013-05-06\n{: #v1-0-0}\n",
    };
    const broken = await findingsFor(files, "docs/_docs/maintaining/index.md", [
      "releasing/",
      "/docs/history/#v1-0-0",
      "/docs/maintaining/releasing/",
      "/docs/history/#v9-9-9",
      "/tutorials/navigation/",
    ]);
    expect(broken.sort()).toEqual(["/docs/history/#v9-9-9", "/tutorials/navigation/"]);
  });

  it("Docusaurus versions: the last version at /docs/, older ones at /docs/<v>/, the current docs at /docs/next/", async () => {
    // A doc removed before the last release: only the older version still has it.
    const files = {
      "site/docusaurus.config.ts": "export default { presets: [['classic', { docs: { path: '../guide' } }]] };\n",
      "site/versions.json": '["3.2", "3.1"]\n',
      "guide/Install.md": "---\nid: install\n---\n\n## Unreleased flag\n",
      "guide/Upgrade.md": "---\nid: upgrade\n---\n# Upgrade\n",
      "site/versioned_docs/version-3.2/Install.md": "---\nid: install\n---\n\n## Released flag\n",
      "site/versioned_docs/version-3.2/Upgrade.md": "---\nid: upgrade\n---\n# Upgrade\n",
      "site/versioned_docs/version-3.1/Install.md": "---\nid: install\n---\n# Install\n",
      "site/versioned_docs/version-3.1/Legacy.md": "---\nid: legacy-mode\n---\n# Legacy\n",
      "site/versioned_docs/version-3.1/Upgrade.md": "---\nid: upgrade\n---\n# Upgrade\n",
      "site/blog/2020-01-02-three-one.md": "# 3.1\n",
    };
    // From the last version (served at /docs/upgrade): a relative URL stays in that version.
    expect(
      await findingsFor(files, "site/versioned_docs/version-3.2/Upgrade.md", [
        "legacy-mode",
        "install#released-flag",
        "/docs/3.1/legacy-mode",
        "/docs/next/install#unreleased-flag",
      ]),
    ).toEqual(["legacy-mode"]);
    // From an older version (/docs/3.1/upgrade), the same relative link finds its own version's page.
    expect(await findingsFor(files, "site/versioned_docs/version-3.1/Upgrade.md", ["legacy-mode"])).toEqual([]);
    // From the current docs (/docs/next/upgrade): /docs/install is the last version's page, and its anchors count.
    expect(
      await findingsFor(files, "guide/Upgrade.md", [
        "legacy-mode",
        "install#unreleased-flag",
        "/docs/install#released-flag",
        "/docs/install#unreleased-flag",
      ]),
    ).toEqual(["legacy-mode", "/docs/install#unreleased-flag"]);
    // A blog post: /docs/legacy-mode is gone from the last version, /docs/3.1/legacy-mode is not.
    expect(
      await findingsFor(files, "site/blog/2020-01-02-three-one.md", ["/docs/legacy-mode", "/docs/3.1/legacy-mode"]),
    ).toEqual(["/docs/legacy-mode"]);
  });

  it("Docusaurus: lastVersion 'current' serves the current docs at /docs/ and every released version at /docs/<v>/", async () => {
    const files = {
      "docusaurus.config.js": "export default { presets: [['classic', { docs: { lastVersion: 'current' } }]] };\n",
      "versions.json": '["1.0"]\n',
      "docs/start.md": "# Start\n",
      "versioned_docs/version-1.0/old.md": "# Old\n",
    };
    expect(
      await findingsFor(files, "docs/start.md", ["/docs/start", "/docs/1.0/old", "/docs/old", "/docs/next/start"]),
    ).toEqual(["/docs/old", "/docs/next/start"]);
  });

  it("Hugo: content mounted from content/en, lower-case URLs, definition-term ids, render-hook names, headless includes, templates skipped", async () => {
    const files = {
      "hugo.toml":
        "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n[markup.goldmark.parser]\nautoDefinitionTermID = true\n",
      "layouts/_markup/render-link.html": '{{ if eq $u.String "g" }}{{ site.GetPage "glossary" }}{{ end }}',
      "content/en/methods/page/LinkTitle.md": "---\ntitle: LinkTitle\n---\n\nlinkTitle\n: the title in links\n",
      "content/en/_common/_index.md": "---\ncascade:\n  build:\n    render: never\n---\n",
      "content/en/_common/locale.md": "## Locale\n\nSee [above](#somewhere).\n",
      "content/en/configuration/all.md": '---\ntitle: all\n---\n\n{{% include "/_common/locale.md" %}}\n',
      "content/en/about/_index.md": "# About\n",
      "content/en/templates/introduction.md": "---\ntitle: Introduction\n---\n",
    };
    // A page two levels down: `methods/...` resolves only from the content root (the hook's GetPage).
    const broken = await findingsFor(files, "content/en/templates/introduction.md", [
      "/methods/page/linktitle/#linktitle",
      "g",
      "/configuration/all/#locale",
      '<{{% eturl "opengraph" %}}>',
      "methods/page/linktitle/",
      "/methods/page/title/",
    ]);
    expect(broken).toEqual(["/methods/page/title/"]);
  });

  it("Hugo: a headless snippet's own #anchors are left to the page that includes it", async () => {
    const files = {
      "hugo.toml": "title = 'x'\n",
      "content/_common/_index.md": "---\nheadless: true\n---\n",
      "content/_common/locale.md": "## Locale\n\nSee [above](#somewhere) and [gone](/nowhere/).\n",
    };
    const { report } = await check(files, links);
    expect(report.findings.map((f) => `${f.file} ${f.properties?.url}`)).toEqual([
      "content/_common/locale.md /nowhere/",
    ]);
  });

  it("GitHub docs: <h3 name>, id= and inline-HTML headings are anchors; another site's slug is a warning, not an error", async () => {
    const files = {
      "FAQ.md":
        '## FAQ\n\n<h3 name="config">\nHow?\n</h3>\n\n<span id="colors"></span>\n\n## Colours <img src="x.png">\n\n## COMPOSER_HOME\n\n## repositories <span>([root-only](#faq))</span>\n',
      "README.md":
        "# R\n\n[a](FAQ.md#config) [b](FAQ.md#colors) [c](FAQ.md#colours) [d](FAQ.md#composer-home) [e](FAQ.md#nope) [f](FAQ.md#repositories-root-only) [g](FAQ.md#repositories)\n",
    };
    const { report } = await check(files, links);
    expect(report.findings.map((f) => `${f.rule}:${f.properties?.fragment}`).sort()).toEqual([
      "drift/links/anchor-other-style:composer-home",
      "drift/links/anchor-other-style:repositories",
      "drift/links/broken-anchor:nope",
    ]);
  });

  it("links.root and links.anchorStyle cover a site no config file names", async () => {
    const files = {
      "site/guide/setup.md": "# Setup\n\n## build.target\n",
      "site/index.md": "# Home\n\n[a](/guide/setup#build-target)\n",
    };
    const plain = await check(files, links);
    expect(plain.report.findings.map((f) => f.rule)).toEqual(["drift/links/broken-link"]);
    const set = await check(files, {
      ...links,
      config: { detectors: { links: { root: "site", anchorStyle: "vitepress" } } },
    });
    expect(set.report.findings).toEqual([]);
  });

  it("a slug rule that is not one of the known styles is a configuration error naming the key", async () => {
    await expect(
      check({ "README.md": "# x\n" }, { ...links, config: { detectors: { links: { anchorStyle: "weird" } } } }),
    ).rejects.toThrow(/anchorStyle/);
  });
});

describe("slug rules", () => {
  it.each([
    ["github", "build.target", "buildtarget"],
    ["vitepress", "build.target", "build-target"],
    ["vitepress", "2.0 release", "_2-0-release"],
    ["python-markdown", "Install -- pip / uv", "install-pip-uv"],
    ["docutils", "3. Usage & Config", "usage-config"],
    ["kramdown", "1.0.0 / 2013", ""],
  ] as const)("%s: %s → %s", (style, text, slug) => {
    expect(createSlugger(style).slug(text)).toBe(slug);
  });

  it("numbers repeats as each generator does (-1 on GitHub, _1 in Python-Markdown)", () => {
    const gh = createSlugger("github");
    const py = createSlugger("python-markdown");
    expect([gh.slug("Options"), gh.slug("Options")]).toEqual(["options", "options-1"]);
    expect([py.slug("Options"), py.slug("Options")]).toEqual(["options", "options_1"]);
  });
});

describe("default ignore paths", () => {
  it("leaves Markdown under fixtures and tests out, and says how many", async () => {
    const files = {
      "README.md": "# R\n",
      "tests/format/markdown/list.md": "[x](missing.md)\n",
      "packages/a/__fixtures__/doc.md": "[x](missing.md)\n",
    };
    const { report } = await check(files, links);
    expect(report.findings).toEqual([]);
    expect(report.notes?.join("\n")).toMatch(/2 Markdown file\(s\) under the ignore paths/);
    const configured = await check(files, { ...links, config: { ignorePaths: [] } });
    expect(configured.report.findings).toHaveLength(2);
  });

  it("a link from a doc into an ignored folder still resolves", async () => {
    const ws = await createWorkspace(memoryFs({ "README.md": "x", "examples/demo.md": "y" }), ["**/*.md"]);
    expect(ws.docs).toEqual(["README.md"]);
    expect(ws.fileSet.has("examples/demo.md")).toBe(true);
    expect(ws.isIgnored("examples/demo.md")).toBe(true);
  });
});

describe("Hugo: headings and definition terms share one id sequence", () => {
  it("a term `cascade` before a heading `Cascade` makes the heading #cascade-1", async () => {
    const files = {
      "hugo.toml": "[markup.goldmark.parser]\nautoDefinitionTermID = true\n",
      "content/front-matter.md":
        "---\ntitle: fm\n---\n\n`cascade`\n: a map. See [cascade](#cascade-1).\n\n## Cascade\n\nSee [nothing](#cascade-2).\n",
    };
    const { report } = await check(files, links);
    expect(report.findings.map((f) => f.properties?.url)).toEqual(["#cascade-2"]);
  });
});

describe("Hugo: anchors a shortcode makes when the site is built", () => {
  const base = {
    "hugo.toml": "[markup.goldmark.parser]\nautoDefinitionTermID = true\n",
    // One definition term per child page, written by the template: the ids exist only in the built page.
    "layouts/_shortcodes/term-list.html":
      "{{ range .Page.Pages.ByTitle }}\n{{ .Title }}\n: {{ .Summary }}\n{{ end }}\n",
    "layouts/shortcodes/panel.html": '<div class="panel">{{ .Inner }}</div>\n',
    "layouts/_shortcodes/section-anchor.html": '<span id="{{ .Get 0 | anchorize }}"></span>\n',
    "content/words/_index.md": "---\ntitle: Words\n---\n\n{{% term-list %}}\n",
    "content/words/widget.md": "---\ntitle: widget\n---\n\nA thing.\n",
    "content/boxes.md": "---\ntitle: Boxes\n---\n\n{{< panel >}}x{{< /panel >}}\n\n## Shown\n",
    "content/html-terms.md": "---\ntitle: T\n---\n\n{{< term-list >}}\n",
    "content/spans.md": '---\ntitle: S\n---\n\n{{< section-anchor "Made Here" >}}\n',
  };

  it("a #fragment into a page whose shortcode writes ids is not judged, and the notes count it", async () => {
    const { report } = await check(
      {
        ...base,
        "content/intro.md":
          "---\ntitle: Intro\n---\n\n[a](/words/#widget) [b](/spans/#made-here) [c](/boxes/#shown) [d](/boxes/#hidden) [e](/html-terms/#widget)\n",
      },
      links,
    );
    // panel writes no id; term-list called as {{< >}} is HTML, not Markdown, so it makes no terms.
    expect(report.findings.map((f) => `${f.rule} ${f.properties?.url}`).sort()).toEqual([
      "drift/links/broken-anchor /boxes/#hidden",
      "drift/links/broken-anchor /html-terms/#widget",
    ]);
    expect(report.notes?.join("\n")).toMatch(
      /2 anchor\(s\) not checked: .*shortcode that makes ids when the site is built: `term-list`, `section-anchor`\./,
    );
  });

  it("without autoDefinitionTermID a definition list makes no ids, so the anchor is broken", async () => {
    const { report } = await check(
      { ...base, "hugo.toml": "title = 'x'\n", "content/intro.md": "---\ntitle: I\n---\n\n[a](/words/#widget)\n" },
      links,
    );
    expect(report.findings.map((f) => `${f.rule} ${f.properties?.url}`)).toEqual([
      "drift/links/broken-anchor /words/#widget",
    ]);
  });
});

describe("links to files the docs build generates", () => {
  it("a target that .gitignore ignores is not a broken link; the notes count it", async () => {
    const files = {
      "mkdocs.yml": "site_name: x\n",
      "docs/concepts/cache.md":
        "# Cache\n\n[settings](../reference/settings.md#cache-dir) and [gone](../reference/gone.md)\n",
    };
    const asked: string[][] = [];
    const git = {
      show: async () => undefined,
      revParse: async () => "0".repeat(40),
      run: async (args: readonly string[]) => {
        asked.push([...args]);
        if (args[0] !== "check-ignore") return "";
        const ignored = args.filter((a) => a === "docs/reference/settings.md");
        if (ignored.length === 0) throw new Error("exit 1");
        return `${ignored.join("\n")}\n`;
      },
    };
    const { report } = await check(files, links, { git });
    expect(report.findings.map((f) => f.properties?.url)).toEqual(["../reference/gone.md"]);
    expect(report.notes?.join("\n")).toMatch(/1 link\(s\) point at files .gitignore ignores/);
    // One git call for every unresolved target, not one per link.
    const calls = asked.filter((a) => a[0] === "check-ignore");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.slice(3).sort()).toEqual(["docs/reference/gone.md", "docs/reference/settings.md"]);
  });
});
