import type { Definition, Image, Link, Nodes } from "mdast";
import type { Finding } from "../../../report/model.js";
import { driftFinding, optionError, optionList, optionNumber, optionString } from "../../findings.js";
import { type AnchorOptions, walk } from "../../markdown.js";
import { resolveRelative } from "../../paths.js";
import { anchorOptionsFor, type DocsSite, detectSites, resolveInSite, siteOf } from "../../site/index.js";
import { ANCHOR_STYLES, type AnchorStyle } from "../../site/slugs.js";
import type { DetectorContext, DriftDetector } from "../../types.js";
import { isMarkdown } from "../../workspace.js";
import { externalLinkChecker } from "./external.js";

const ID = "links";

/** A link as written in a doc. */
interface DocLink {
  url: string;
  line: number;
  column: number;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function linksOf(root: Nodes): DocLink[] {
  const out: DocLink[] = [];
  walk(root, (node) => {
    if (node.type !== "link" && node.type !== "image" && node.type !== "definition") return;
    const url = (node as Link | Image | Definition).url;
    out.push({ url, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
  });
  return out;
}

function hasAnchor(anchors: Set<string>, fragment: string): boolean {
  const f = decode(fragment);
  return anchors.has(f) || anchors.has(f.toLowerCase());
}

/** The settings every doc of one run shares. */
interface LinkRun {
  ctx: DetectorContext;
  ignore: RegExp[];
  sites: DocsSite[];
  anchorStyle: AnchorStyle | undefined;
  /** Links written as templates (`{{< ref >}}`, `{% link %}`), expanded only when the site is built. */
  templated: number;
  /** Shortcodes whose build-time ids were the only place an anchor could be (one entry per link). */
  builtAnchors: string[];
}

/** A broken-link finding that is reported unless the target is a file .gitignore ignores (generated). */
interface PendingBroken {
  finding: Finding;
  resolved: string | undefined;
}

// Slug rules tried when a GitHub anchor is missing: a match means the docs are written for a site
// generator that slugs that way, which is worth a warning, not an error.
const OTHER_STYLES: AnchorOptions[] = [
  { style: "github", customIds: true },
  { style: "vitepress", customIds: true },
  { style: "python-markdown", customIds: true },
  { style: "docutils", customIds: true },
  { style: "kramdown", customIds: true },
  { style: "github", customIds: true, dropInlineHtml: true },
  { style: "python-markdown", customIds: true, dropInlineHtml: true },
];

async function anchorsOf(run: LinkRun, site: DocsSite | undefined, target: string): Promise<Set<string> | undefined> {
  const ws = run.ctx.workspace;
  let all: Set<string> | undefined;
  const files = [target, ...(site?.includes.get(target) ?? [])];
  for (const opts of anchorOptionsFor(site, run.anchorStyle)) {
    for (const f of files) {
      const set = await ws.anchors(f, opts);
      if (!set) continue;
      all ??= new Set();
      for (const a of set) all.add(a);
    }
  }
  if (all) for (const l of site?.pageLabels.get(target) ?? []) all.add(l);
  return all;
}

async function checkDoc(run: LinkRun, path: string): Promise<{ findings: Finding[]; pending: PendingBroken[] }> {
  const { ctx, ignore } = run;
  const ws = ctx.workspace;
  const doc = await ws.doc(path);
  const site = siteOf(run.sites, path);
  const findings: Finding[] = [];
  const pending: PendingBroken[] = [];
  for (const link of linksOf(doc.root)) {
    const url = link.url.trim();
    if (url === "" || ignore.some((re) => re.test(url))) continue;
    if (/^https?:\/\//i.test(url) || url.startsWith("//")) continue; // external: checked only when asked
    if (SCHEME.test(url)) continue; // mailto:, tel:, data: ...
    if (/\{\{|\{%/.test(url)) {
      run.templated++;
      continue;
    }
    const hash = url.indexOf("#");
    const pathPart = (hash >= 0 ? url.slice(0, hash) : url).split("?")[0] ?? "";
    const fragment = hash >= 0 ? url.slice(hash + 1) : "";
    let target = path;
    if (pathPart !== "") {
      const written = decode(pathPart);
      const resolved = resolveRelative(path, written);
      const exists = resolved !== undefined && (ws.fileSet.has(resolved) || ws.dirs.has(resolved.replace(/\/$/, "")));
      const inSite = !exists && site ? resolveInSite(ws, site, path, written) : undefined;
      if (inSite?.kind === "label") continue;
      if (!exists && !inSite) {
        pending.push({
          resolved,
          finding: driftFinding({
            rule: "drift/links/broken-link",
            level: "error",
            title: `Broken link: ${pathPart}`,
            message: `${path}:${link.line} links to ${pathPart}, which does not exist${resolved !== undefined ? ` (resolved to ${resolved || "."})` : " (it points outside the repository)"}${site ? `, nor is it a page, static file or label of the ${site.name} site (${site.config})` : ""}. Fix the path or remove the link.`,
            file: path,
            line: link.line,
            column: link.column,
            key: url,
            properties: { url, resolved, ...(site ? { site: site.framework } : {}) },
          }),
        });
        continue;
      }
      target = inSite?.kind === "file" ? inSite.target : (resolved ?? path);
    } else if (site?.headless.has(path)) {
      continue; // a headless snippet: its own anchors live in whichever page includes it
    }
    // `?plain=1#L3` and `#L3-L5` point at source lines, which GitHub anchors itself.
    const plain = (hash >= 0 ? url.slice(0, hash) : url).includes("?") || /^L\d+(-L\d+)?$/.test(fragment);
    if (fragment === "" || plain || !isMarkdown(target)) continue;
    const anchors = await anchorsOf(run, site, target);
    if (!anchors || hasAnchor(anchors, fragment)) continue;
    const makers = site?.anchorMakers.get(target);
    if (makers !== undefined) {
      // Ids a shortcode writes when the site is built (one per child page, say): not in the repository.
      run.builtAnchors.push(...makers);
      continue;
    }
    const near = [...anchors].filter((a) => a.includes(fragment.toLowerCase()) || fragment.toLowerCase().includes(a));
    const rules = site
      ? `Anchors follow the ${site.name} site's rules (${site.config}).`
      : "Anchors follow GitHub's rules: lower case, punctuation removed, spaces as -, repeats as -1, -2.";
    if (!site) {
      let other: AnchorOptions | undefined;
      for (const opts of OTHER_STYLES) {
        const set = await ws.anchors(target, opts);
        if (set && hasAnchor(set, fragment)) {
          other = opts;
          break;
        }
      }
      if (other) {
        findings.push(
          driftFinding({
            rule: "drift/links/anchor-other-style",
            level: "warning",
            title: `Anchor #${fragment} follows another site generator's rules`,
            message: `${path}:${link.line} links to #${fragment} in ${target}: no heading has that id on GitHub, but a site generator using ${other.dropInlineHtml ? "headings without their inline HTML labels" : other.style === "github" ? "`{#id}` heading ids" : `${other.style} slug rules`} gives it one. If these docs are published by such a site, set drift.detectors.links.anchorStyle (or links.root); otherwise fix the anchor.`,
            file: path,
            line: link.line,
            column: link.column,
            key: url,
            properties: { url, target, fragment, style: other.style },
          }),
        );
        continue;
      }
    }
    findings.push(
      driftFinding({
        rule: "drift/links/broken-anchor",
        level: "error",
        title: `Broken anchor: #${fragment}`,
        message: `${path}:${link.line} links to #${fragment} in ${target}, which has no such heading.${
          near.length
            ? ` Did you mean ${near
                .slice(0, 3)
                .map((a) => `#${a}`)
                .join(", ")}?`
            : ""
        } ${rules}`,
        file: path,
        line: link.line,
        column: link.column,
        key: url,
        properties: { url, target, fragment, ...(site ? { site: site.framework } : {}) },
      }),
    );
  }
  return { findings, pending };
}

/** The paths among `paths` that .gitignore ignores (files the build generates); empty without git. */
async function gitIgnored(ctx: DetectorContext, paths: string[]): Promise<Set<string>> {
  if (!ctx.git || paths.length === 0) return new Set();
  const out = new Set<string>();
  for (let i = 0; i < paths.length; i += 200) {
    try {
      // Exit 1 (nothing ignored) surfaces as a rejection: then none of this batch is ignored.
      const stdout = await ctx.git.run(["check-ignore", "--no-index", "--", ...paths.slice(i, i + 200)]);
      for (const line of stdout.split("\n")) if (line.trim()) out.add(line.trim());
    } catch {
      // none ignored, or no git
    }
  }
  return out;
}

/**
 * `links`: relative links (files and folders) and heading anchors in every doc, offline; external
 * links only with `--external-links` (cached, rate-limited per host, 429 honoured; a link that could
 * not be verified is a warning, only 404/410 is an error). Options: `ignore` (regular expressions of
 * URLs to skip), `timeoutMs` (10,000), `perHostIntervalMs` (250).
 */
export const linksDetector: DriftDetector = {
  id: ID,
  description: "relative links, heading anchors (GitHub slugs) and, when asked, external links",
  defaultEnabled: true,
  rules: [
    {
      id: "drift/links/broken-link",
      name: "BrokenRelativeLink",
      shortDescription: "A relative link points at a file or folder that does not exist.",
      defaultLevel: "error",
    },
    {
      id: "drift/links/broken-anchor",
      name: "BrokenAnchor",
      shortDescription: "A link points at a heading anchor that the target document does not have.",
      defaultLevel: "error",
    },
    {
      id: "drift/links/anchor-other-style",
      name: "AnchorOfAnotherSlugStyle",
      shortDescription:
        "An anchor no heading has on GitHub, but a site generator's slug rules would give (set links.anchorStyle).",
      defaultLevel: "warning",
    },
    {
      id: "drift/links/external-broken",
      name: "BrokenExternalLink",
      shortDescription: "An external link answers 404 or 410.",
      defaultLevel: "error",
    },
    {
      id: "drift/links/external-unverified",
      name: "UnverifiedExternalLink",
      shortDescription: "An external link could not be checked (timeout, 5xx, 429, refused); retried next run.",
      defaultLevel: "warning",
    },
  ],
  example: {
    files: {
      "README.md": "# Title\n\n## Set up\n\nSee [guide](docs/guide.md) and [setup](#setup).\n",
      "docs/other.md": "x",
    },
    expectRules: ["drift/links/broken-link", "drift/links/broken-anchor"],
  },
  async run(ctx) {
    const ignore = optionList(ctx.options, ID, "ignore", []).map((s) => new RegExp(s));
    const root = optionString(ctx.options, ID, "root");
    const style = optionString(ctx.options, ID, "anchorStyle");
    if (style !== undefined && !(ANCHOR_STYLES as readonly string[]).includes(style)) {
      throw optionError(ID, "anchorStyle", `one of ${ANCHOR_STYLES.join(", ")}`);
    }
    const anchorStyle = style as AnchorStyle | undefined;
    const sites = await detectSites(ctx.workspace, {
      ...(root !== undefined ? { root } : {}),
      ...(anchorStyle ? { anchorStyle } : {}),
    });
    const notes = sites.map(
      (s) =>
        `Docs site: ${s.name} (${s.config}), ${s.urls.size} page(s); links and anchors in it are resolved as ${s.name} builds them.`,
    );
    const run: LinkRun = { ctx, ignore, sites, anchorStyle, templated: 0, builtAnchors: [] };
    const docs = ctx.workspace.docs;
    const findings: Finding[] = [];
    const perDoc = await Promise.all(docs.map((d) => checkDoc(run, d)));
    const pending = perDoc.flatMap((r) => r.pending);
    const generated = await gitIgnored(ctx, [
      ...new Set(pending.map((p) => p.resolved).filter((r): r is string => r !== undefined && r !== "")),
    ]);
    let toGenerated = 0;
    for (const r of perDoc) findings.push(...r.findings);
    for (const p of pending) {
      if (p.resolved !== undefined && generated.has(p.resolved)) toGenerated++;
      else findings.push(p.finding);
    }
    if (toGenerated > 0) {
      notes.push(
        `${toGenerated} link(s) point at files .gitignore ignores (written by the docs build), which are not in the repository to check.`,
      );
    }
    if (run.builtAnchors.length > 0) {
      const names = [...new Set(run.builtAnchors)].map((n) => `\`${n}\``).join(", ");
      notes.push(
        `${run.builtAnchors.length} anchor(s) not checked: no heading of the target page has them, and the page calls a shortcode that makes ids when the site is built: ${names}.`,
      );
    }
    if (run.templated > 0) notes.push(`${run.templated} link(s) written as templates ({{ }}, {% %}) not checked.`);
    if (!ctx.externalLinks) return { findings, fixes: [], notes };
    if (!ctx.fetch) {
      ctx.logger.warning("links: --external-links given but no fetch available; external links not checked");
      return { findings, fixes: [], notes };
    }
    const checker = externalLinkChecker({
      fetch: ctx.fetch,
      clock: ctx.clock,
      ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
      timeoutMs: optionNumber(ctx.options, ID, "timeoutMs", 10_000),
      perHostIntervalMs: optionNumber(ctx.options, ID, "perHostIntervalMs", 250),
    });
    const byDoc = new Map<string, DocLink[]>();
    await Promise.all(
      docs.map(async (d) => {
        const doc = await ctx.workspace.doc(d);
        byDoc.set(
          d,
          linksOf(doc.root).filter(
            (l) => /^https?:\/\//i.test(l.url.trim()) && !ignore.some((re) => re.test(l.url.trim())),
          ),
        );
      }),
    );
    const jobs: Promise<void>[] = [];
    for (const d of docs) {
      for (const link of byDoc.get(d) ?? []) {
        const url = link.url.trim();
        jobs.push(
          checker.check(url).then((r) => {
            if (r.status === "ok") return;
            const broken = r.status === "broken";
            findings.push(
              driftFinding({
                rule: broken ? "drift/links/external-broken" : "drift/links/external-unverified",
                level: broken ? "error" : "warning",
                title: broken ? `Broken external link: ${url}` : `Could not verify ${url}`,
                message: broken
                  ? `${d}:${link.line} links to ${url}, which answers HTTP ${r.code}. Update or remove the link.`
                  : `${d}:${link.line} links to ${url}, which could not be checked (${r.reason}). This is retried on the next run and never fails the check.`,
                file: d,
                line: link.line,
                column: link.column,
                key: url,
                properties: { url, ...(broken ? { status: r.code } : { reason: r.reason }) },
              }),
            );
          }),
        );
      }
    }
    await Promise.all(jobs);
    ctx.logger.info(`links: ${checker.requests} external request(s)`);
    return { findings, fixes: [], notes };
  },
};
