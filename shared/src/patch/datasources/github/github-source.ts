/**
 * The GitHub Advisory Database (REST `GET /advisories?ecosystem=..&affects=name@version,...`) as a
 * vulnerability source, through any client shaped like Octokit's `request`.
 */
import { ExternalServiceError, UpkeepError } from "../../../errors.js";
import { type Logger, silentLogger } from "../../../logger.js";
import { matchAdvisory } from "../../match.js";
import type { OsvRecord } from "../../osv-schema.js";
import type { Ecosystem, PackageRef } from "../../types.js";
import { normalizePackageName, packageKey, uniquePackages, type VulnerabilitySource } from "../types.js";
import { githubAdvisoryToOsv, OSV_TO_GITHUB_ECOSYSTEM } from "./convert.js";

/** The part of Octokit this source uses (`octokit.request` satisfies it). */
export interface GitHubRequestClient {
  request(
    route: string,
    params: Record<string, unknown>,
  ): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

/** Options of {@link createGitHubAdvisorySource}. */
export interface GitHubAdvisoryOptions {
  client: GitHubRequestClient;
  /** Default: silent. */
  logger?: Logger;
  /** Advisory type to list. Default `reviewed` (GitHub's default; malware has its own type). */
  type?: "reviewed" | "unreviewed" | "malware";
  /** Advisories per page, 1–100. Default 100. */
  perPage?: number;
  /** Most `name@version` entries in one `affects` (GitHub allows 1,000). Default 1,000. */
  maxAffects?: number;
  /** Longest `affects` value in characters, keeping URLs under common proxy limits. Default 6,000. */
  maxAffectsLength?: number;
  /**
   * Keeps an advisory for a package only when this returns something truthy. Default `matchAdvisory`
   * (shared/src/patch/match.ts). With `false` an advisory is attributed to every queried package of the
   * batch it names; GitHub matched it to one of them, and a batch holds one version per name.
   */
  match?: ((pkg: PackageRef, record: OsvRecord) => unknown) | false;
}

function affectsEntry(p: PackageRef): string {
  const version = p.ecosystem === "Go" ? p.version.replace(/^v(?=\d)/, "") : p.version;
  return `${normalizePackageName(p.ecosystem, p.name)}@${version}`;
}

/** `after` cursor of the `rel="next"` link in a Link header, if any. */
export function nextCursor(link: string | number | undefined): string | undefined {
  if (typeof link !== "string") return undefined;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    try {
      return new URL(m[1]!).searchParams.get("after") ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// A batch holds each name once, so an advisory GitHub returns for it concerns exactly the version asked.
function batches(packages: PackageRef[], maxCount: number, maxLength: number): PackageRef[][] {
  const out: { names: Set<string>; items: PackageRef[]; length: number }[] = [];
  for (const p of packages) {
    const name = normalizePackageName(p.ecosystem, p.name);
    const entry = affectsEntry(p);
    let target = out.find(
      (b) => !b.names.has(name) && b.items.length < maxCount && b.length + entry.length + 1 <= maxLength,
    );
    if (!target) {
      target = { names: new Set(), items: [], length: 0 };
      out.push(target);
    }
    target.names.add(name);
    target.items.push(p);
    target.length += entry.length + 1;
  }
  return out.map((b) => b.items);
}

/**
 * A GitHub Advisory Database source. Throws (from `query`) the client's GitHubApiError as is, or
 * ExternalServiceError("github", ...) for other failures and for answers that are not advisory lists.
 */
export function createGitHubAdvisorySource(options: GitHubAdvisoryOptions): VulnerabilitySource {
  const logger = options.logger ?? silentLogger;
  const perPage = Math.min(Math.max(1, options.perPage ?? 100), 100);
  const maxAffects = Math.min(options.maxAffects ?? 1000, 1000);
  const maxLength = options.maxAffectsLength ?? 6000;
  const match = options.match === undefined ? matchAdvisory : options.match;

  async function page(params: Record<string, unknown>): Promise<{ data: unknown[]; next?: string }> {
    let res: Awaited<ReturnType<GitHubRequestClient["request"]>>;
    try {
      res = await options.client.request("GET /advisories", params);
    } catch (err) {
      if (err instanceof UpkeepError) throw err;
      const status =
        typeof (err as { status?: unknown }).status === "number" ? (err as { status: number }).status : undefined;
      throw new ExternalServiceError(
        "github",
        `GET /advisories failed: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
          ...(status === undefined ? {} : { status }),
          hint: "check the token and GitHub's status; the OSV source covers the same advisories",
        },
      );
    }
    if (!Array.isArray(res.data)) {
      throw new ExternalServiceError("github", "GET /advisories answered something other than a list of advisories", {
        hint: "check the GitHub API URL (GITHUB_API_URL)",
      });
    }
    const next = nextCursor(res.headers.link);
    return next ? { data: res.data, next } : { data: res.data };
  }

  return {
    id: "github",
    async query(packages) {
      const stats = { requests: 0, batches: 0, advisoriesFetched: 0, cacheHits: 0 };
      const unique = uniquePackages(packages);
      const byPackage = new Map<string, OsvRecord[]>(unique.map((p) => [packageKey(p), []]));
      const seen = new Map<string, OsvRecord>();
      const byEcosystem = new Map<Ecosystem, PackageRef[]>();
      for (const p of unique) {
        const list = byEcosystem.get(p.ecosystem);
        if (list) list.push(p);
        else byEcosystem.set(p.ecosystem, [p]);
      }

      for (const [ecosystem, list] of byEcosystem) {
        const ghEcosystem = OSV_TO_GITHUB_ECOSYSTEM[ecosystem];
        for (const batch of batches(list, maxAffects, maxLength)) {
          const byName = new Map(batch.map((p) => [`${p.ecosystem}:${normalizePackageName(p.ecosystem, p.name)}`, p]));
          const params: Record<string, unknown> = {
            ecosystem: ghEcosystem,
            affects: batch.map(affectsEntry).join(","),
            per_page: perPage,
            type: options.type ?? "reviewed",
          };
          let cursor: string | undefined;
          for (let n = 0; n < 1000; n++) {
            const res = await page(cursor ? { ...params, after: cursor } : params);
            stats.requests++;
            stats.batches++;
            for (const raw of res.data) {
              const converted = githubAdvisoryToOsv(raw);
              const record = seen.get(converted.id) ?? converted;
              if (!seen.has(record.id)) {
                seen.set(record.id, record);
                stats.advisoriesFetched++;
              }
              const names = new Set(
                (record.affected ?? []).flatMap((a) =>
                  a.package
                    ? [`${a.package.ecosystem}:${normalizePackageName(a.package.ecosystem, a.package.name)}`]
                    : [],
                ),
              );
              for (const name of names) {
                const p = byName.get(name);
                if (!p || (match && !match(p, record))) continue;
                const list = byPackage.get(packageKey(p))!;
                if (!list.some((r) => r.id === record.id)) list.push(record);
              }
            }
            cursor = res.next;
            if (!cursor) break;
          }
          logger.debug(`github: ${ghEcosystem}: ${batch.length} packages checked`);
        }
      }
      logger.info(
        `github: ${seen.size} advisories for ${unique.length} package versions in ${stats.requests} requests`,
      );
      return { byPackage, stats };
    },
  };
}
