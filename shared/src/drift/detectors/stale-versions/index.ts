import type { Root } from "mdast";
import semver from "semver";
import { parse as parseToml } from "smol-toml";
import { tagMatcher } from "../../../changelog/tags.js";
import type { Finding } from "../../../report/model.js";
import { driftFinding, optionList, optionString } from "../../findings.js";
import { parseMarkdown } from "../../markdown.js";
import type { DetectorContext, DriftDetector, FileFix } from "../../types.js";
import { bumpedVersion, type Snippet, scanSnippets } from "./snippets.js";

const ID = "stale-versions";

/** The current versions of the project's own things, by snippet kind and lower-cased name. */
interface Current {
  action: Map<string, string>;
  container: Map<string, string>;
  npm: Map<string, string>;
  pip: Map<string, string>;
}

function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function keyOf(s: Pick<Snippet, "kind" | "name">): string {
  return s.kind === "pip" ? pep503(s.name) : s.name.toLowerCase();
}

async function tagList(ctx: DetectorContext): Promise<string[]> {
  if (!ctx.git) return [];
  try {
    return (await ctx.git.run(["tag", "--list"])).split("\n").map((t) => t.trim());
  } catch {
    return [];
  }
}

/** The newest release (no pre-release part) among the tags `prefix` + version. */
function latestTag(tags: readonly string[], prefix: string): string | undefined {
  const match = tagMatcher({ prefix });
  let best: string | undefined;
  for (const tag of tags) {
    const v = match(tag);
    if (v === undefined || semver.prerelease(v)) continue;
    if (best === undefined || semver.gt(v, best)) best = v;
  }
  return best;
}

/**
 * The version `--fix` may write for a package: never one that is not released. A manifest version
 * with a pre-release part (`2.0.0-dev`) is not; when the repository has release tags for the package
 * (`name@1.2.3`, or `v1.2.3` for the only package), the newest of them bounds the manifest's version.
 */
function releasedVersion(manifest: string, name: string, tags: readonly string[], single: boolean): string | undefined {
  const tagged = latestTag(tags, `${name}@`) ?? (single ? latestTag(tags, "v") : undefined);
  if (semver.prerelease(manifest)) return tagged;
  if (tagged && semver.gt(manifest, tagged)) return tagged;
  return manifest;
}

async function currentVersions(ctx: DetectorContext): Promise<Current> {
  const ws = ctx.workspace;
  const tags = await tagList(ctx);
  const manifests = ws.files.filter((f) => /(^|\/)(package\.json|pyproject\.toml)$/.test(f));
  const single = manifests.length <= 1;
  const current: Current = { action: new Map(), container: new Map(), npm: new Map(), pip: new Map() };
  for (const f of ws.files) {
    if (f === "package.json" || f.endsWith("/package.json")) {
      try {
        const m = JSON.parse(await ws.read(f)) as { name?: unknown; version?: unknown };
        if (typeof m.name === "string" && typeof m.version === "string" && semver.valid(m.version)) {
          const v = releasedVersion(m.version, m.name, tags, single);
          if (v) current.npm.set(m.name.toLowerCase(), v);
        }
      } catch {
        ctx.logger.debug(`${ID}: ${f} is not JSON; skipped`);
      }
    } else if (f === "pyproject.toml" || f.endsWith("/pyproject.toml")) {
      try {
        const t = parseToml(await ws.read(f)) as {
          project?: { name?: unknown; version?: unknown };
          tool?: { poetry?: { name?: unknown; version?: unknown } };
        };
        const p = t.project ?? t.tool?.poetry;
        if (typeof p?.name === "string" && typeof p.version === "string") {
          // PEP 440 pre-releases and dev releases (`1.2.0rc1`, `2.0.dev0`) are not released versions.
          const pre = /\d(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|dev)\d*)/i.test(p.version);
          const released = pre
            ? (latestTag(tags, `${p.name}@`) ?? (single ? latestTag(tags, "v") : undefined))
            : semver.valid(p.version)
              ? releasedVersion(p.version, p.name, tags, single)
              : p.version;
          if (released) current.pip.set(pep503(p.name), released);
        }
      } catch {
        ctx.logger.debug(`${ID}: ${f} is not TOML; skipped`);
      }
    }
  }
  const repository = optionString(ctx.options, ID, "repository") ?? ctx.repository;
  const latest = latestTag(tags, optionString(ctx.options, ID, "tagPrefix") ?? "v");
  if (latest && repository) {
    current.action.set(repository.toLowerCase(), latest);
    const images = optionList(ctx.options, ID, "images", [`ghcr.io/${repository}`]);
    for (const image of images) current.container.set(image.toLowerCase(), latest);
  } else if (latest) {
    for (const image of optionList(ctx.options, ID, "images", [])) current.container.set(image.toLowerCase(), latest);
  }
  return current;
}

interface Stale {
  snippet: Snippet;
  latest: string;
  replacement: string;
}

function staleIn(text: string, root: Root, current: Current): Stale[] {
  const out: Stale[] = [];
  for (const s of scanSnippets(text, root)) {
    const latest = current[s.kind].get(keyOf(s));
    if (!latest) continue;
    const replacement = bumpedVersion(s.version, latest);
    if (replacement) out.push({ snippet: s, latest, replacement });
  }
  return out;
}

const SOURCE: Record<Snippet["kind"], string> = {
  action: "the latest release tag",
  container: "the latest release tag",
  npm: "package.json",
  pip: "pyproject.toml",
};

/**
 * `stale-versions`: versions in the install snippets of the docs (`uses: owner/repo@v1`, `npm i
 * pkg@1.2.3`, `pip install pkg==1.2.3`, container `image:tag`) that are older than the project's own
 * current version: the latest release tag (GitPort) for the repository's action and images, the
 * manifest (package.json, pyproject.toml) for its packages. Other projects' versions are not touched.
 * `--fix` rewrites the version at the same precision (`v1` → `v2`). Options: `repository`
 * (`owner/name`; default the current one), `images` (default `ghcr.io/<repository>`), `tagPrefix` (`v`).
 */
export const staleVersionsDetector: DriftDetector = {
  id: ID,
  description: "install snippets that show an older version than the latest tag or manifest",
  defaultEnabled: true,
  rules: [
    {
      id: "drift/stale-versions/outdated",
      name: "StaleInstallVersion",
      shortDescription: "An install snippet shows an older version of this project than the current one.",
      defaultLevel: "warning",
    },
  ],
  example: {
    files: {
      "package.json": '{ "name": "my-tool", "version": "2.1.0" }',
      "README.md": "# my-tool\n\n```sh\nnpm install my-tool@1.9.0 other-tool@0.1.0\n```\n",
    },
    expectRules: ["drift/stale-versions/outdated"],
  },
  async run(ctx) {
    const current = await currentVersions(ctx);
    const total = current.action.size + current.container.size + current.npm.size + current.pip.size;
    const findings: Finding[] = [];
    const fixes: FileFix[] = [];
    if (total === 0) return { findings, fixes };
    for (const d of ctx.workspace.docs) {
      const doc = await ctx.workspace.doc(d);
      const stale = staleIn(doc.text, doc.root, current);
      if (stale.length === 0) continue;
      for (const { snippet: s, latest, replacement } of stale) {
        findings.push(
          driftFinding({
            rule: "drift/stale-versions/outdated",
            level: "warning",
            title: `Stale version ${s.name}@${s.version}`,
            message: `${d}:${s.line} shows ${s.name} ${s.version}, but ${SOURCE[s.kind]} says ${latest}. Use ${replacement} (upkeep drift-check --fix does it).`,
            file: d,
            line: s.line,
            column: s.column,
            key: `${s.kind}:${s.name}@${s.version}`,
            properties: { kind: s.kind, name: s.name, written: s.version, latest, replacement },
          }),
        );
      }
      fixes.push({
        file: d,
        description: `bump ${stale.length} version(s) in install snippets`,
        apply(t) {
          // Found again in the text as it is now (an earlier fix may have moved lines), replaced from the end.
          const now = staleIn(t, parseMarkdown(t), current).sort((a, b) => b.snippet.offset - a.snippet.offset);
          let out = t;
          for (const x of now) {
            const o = x.snippet.offset;
            out = out.slice(0, o) + x.replacement + out.slice(o + x.snippet.version.length);
          }
          return out;
        },
      });
    }
    return { findings, fixes };
  },
};
