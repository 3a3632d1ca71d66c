import type { Definition, Image, Link, Nodes } from "mdast";
import type { Finding } from "../../../report/model.js";
import { driftFinding, optionList, optionNumber } from "../../findings.js";
import { walk } from "../../markdown.js";
import { resolveRelative } from "../../paths.js";
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

async function checkDoc(ctx: DetectorContext, path: string, ignore: RegExp[]): Promise<Finding[]> {
  const ws = ctx.workspace;
  const doc = await ws.doc(path);
  const findings: Finding[] = [];
  for (const link of linksOf(doc.root)) {
    const url = link.url.trim();
    if (url === "" || ignore.some((re) => re.test(url))) continue;
    if (/^https?:\/\//i.test(url) || url.startsWith("//")) continue; // external: checked only when asked
    if (SCHEME.test(url)) continue; // mailto:, tel:, data: ...
    const hash = url.indexOf("#");
    const pathPart = (hash >= 0 ? url.slice(0, hash) : url).split("?")[0] ?? "";
    const fragment = hash >= 0 ? url.slice(hash + 1) : "";
    let target = path;
    if (pathPart !== "") {
      const resolved = resolveRelative(path, decode(pathPart));
      const exists = resolved !== undefined && (ws.fileSet.has(resolved) || ws.dirs.has(resolved.replace(/\/$/, "")));
      if (!exists || resolved === undefined) {
        findings.push(
          driftFinding({
            rule: "drift/links/broken-link",
            level: "error",
            title: `Broken link: ${pathPart}`,
            message: `${path}:${link.line} links to ${pathPart}, which does not exist${resolved !== undefined ? ` (resolved to ${resolved || "."})` : " (it points outside the repository)"}. Fix the path or remove the link.`,
            file: path,
            line: link.line,
            column: link.column,
            key: url,
            properties: { url, resolved },
          }),
        );
        continue;
      }
      target = resolved;
    }
    // `?plain=1#L3` and `#L3-L5` point at source lines, which GitHub anchors itself.
    const plain = (hash >= 0 ? url.slice(0, hash) : url).includes("?") || /^L\d+(-L\d+)?$/.test(fragment);
    if (fragment === "" || plain || !isMarkdown(target)) continue;
    const anchors = await ws.anchors(target);
    if (!anchors || hasAnchor(anchors, fragment)) continue;
    const near = [...anchors].filter((a) => a.includes(fragment.toLowerCase()) || fragment.toLowerCase().includes(a));
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
        } Anchors follow GitHub's rules: lower case, punctuation removed, spaces as -, repeats as -1, -2.`,
        file: path,
        line: link.line,
        column: link.column,
        key: url,
        properties: { url, target, fragment },
      }),
    );
  }
  return findings;
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
    const docs = ctx.workspace.docs;
    const findings: Finding[] = [];
    const perDoc = await Promise.all(docs.map((d) => checkDoc(ctx, d, ignore)));
    for (const f of perDoc) findings.push(...f);
    if (!ctx.externalLinks) return { findings, fixes: [] };
    if (!ctx.fetch) {
      ctx.logger.warning("links: --external-links given but no fetch available; external links not checked");
      return { findings, fixes: [] };
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
    return { findings, fixes: [] };
  },
};
