import type { DeploymentInfo, DeploymentStatusInfo, GateGitHub, GateSettings, StagingEvidence } from "./types.js";

/** Prefix of the deployment status description the gate writes as its own soak evidence. */
export const EVIDENCE_PREFIX = "upkeep-gate soak-start=";
const EVIDENCE_RE = /upkeep-gate soak-start=(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/;

/** A full commit SHA: exactly 40 hexadecimal characters. */
export const FULL_SHA_RE = /^[0-9a-f]{40}$/;

/**
 * Whether a deployment's environment is `wanted`, compared as GitHub compares environment names: without
 * regard to case (GitHub will not create `Staging` beside `staging`), but every other character counts,
 * spaces included (`staging ` is another environment). Never throws.
 */
export function sameEnvironment(actual: string, wanted: string): boolean {
  return actual.toLowerCase() === wanted.toLowerCase();
}

/** The soak start a gate status recorded, or undefined. Never throws. */
export function recordedSoakStart(statuses: readonly DeploymentStatusInfo[]): Date | undefined {
  let best: Date | undefined;
  for (const s of statuses) {
    const m = EVIDENCE_RE.exec(s.description);
    if (!m) continue;
    const at = new Date(m[1]!);
    if (!best || at < best) best = at;
  }
  return best;
}

/** Reads `a.b.c` from a deployment payload (an object, or a JSON string as older clients send). */
export function payloadValue(payload: unknown, path: string): string | undefined {
  let node: unknown = payload;
  if (typeof node === "string") {
    try {
      node = JSON.parse(node);
    } catch {
      return undefined;
    }
  }
  for (const part of path.split(".")) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" || typeof node === "number" ? String(node) : undefined;
}

const RUNNING = new Set(["pending", "queued", "in_progress", "waiting"]);

/**
 * What GitHub shows about the commit in one staging environment. Only the newest non-transient
 * deployment of exactly `settings.sha` counts, because a later deployment of the same commit supersedes
 * earlier ones: its latest status must be `success` (a later failure, error or inactive status revokes
 * it); a deployment made from a branch or tag must still point there (a moved ref deployed something
 * else); with `digestKey`, its payload must carry the production digest. Statuses all gone → only the
 * gate's own recorded evidence can prove the success. Reads: 1 status list per environment and at most
 * 1 ref lookup. Throws GitHubApiError when GitHub fails.
 */
export async function stagingEvidence(
  github: GateGitHub,
  settings: GateSettings,
  deployments: readonly DeploymentInfo[],
  environment: string,
): Promise<StagingEvidence> {
  const inEnv = deployments.filter((d) => d.sha === settings.sha && sameEnvironment(d.environment, environment));
  const transient = inEnv.filter((d) => d.transient).length;
  const candidates = inEnv
    .filter((d) => !d.transient)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  const deployment = candidates[0];
  if (!deployment) {
    const near = deployments.filter((d) => d.sha === settings.sha && !sameEnvironment(d.environment, environment));
    const extra = [
      transient ? `${transient} transient deployment(s) do not count` : "",
      near.length
        ? `deployed to ${[...new Set(near.map((d) => JSON.stringify(d.environment)))].join(", ")}, not "${environment}"`
        : "",
    ].filter(Boolean);
    return {
      environment,
      status: "fail",
      reason: `no deployment of ${settings.sha.slice(0, 12)} to "${environment}"${extra.length ? ` (${extra.join("; ")})` : ""}`,
      statuses: [],
    };
  }
  const statuses = await github.listDeploymentStatuses(deployment.id);
  const recordedAt = recordedSoakStart(statuses);
  const latest = statuses[0];
  const base = { environment, deployment, statuses, ...(recordedAt ? { recordedAt } : {}) };
  if (!latest) {
    return {
      ...base,
      status: "fail",
      reason: `deployment ${deployment.id} has no statuses left on GitHub and the gate recorded no success for it`,
    };
  }
  if (latest.state !== "success") {
    if (RUNNING.has(latest.state)) {
      return { ...base, status: "pending", reason: `deployment ${deployment.id} is still ${latest.state}` };
    }
    return {
      ...base,
      status: "fail",
      reason: `deployment ${deployment.id} is ${latest.state} since ${latest.createdAt}`,
    };
  }
  // The start of the current run of successes: statuses are newest first.
  let firstSuccessAt: Date | undefined;
  for (const s of statuses) {
    if (s.state !== "success") break;
    if (!EVIDENCE_RE.test(s.description)) firstSuccessAt = new Date(s.createdAt);
  }
  const start = recordedAt && (!firstSuccessAt || recordedAt < firstSuccessAt) ? recordedAt : firstSuccessAt;
  const withStart = { ...base, ...(start ? { firstSuccessAt: start } : {}) };
  // A commit SHA (or an abbreviation of this one) cannot move; branch and tag names can.
  const shaRef = /^[0-9a-f]{7,40}$/i.test(deployment.ref) && settings.sha.startsWith(deployment.ref.toLowerCase());
  if (!shaRef && !FULL_SHA_RE.test(deployment.ref)) {
    const now = await github.resolveRef(deployment.ref);
    if (now !== settings.sha) {
      return {
        ...withStart,
        status: "fail",
        reason: `deployment ${deployment.id} was made from ref "${deployment.ref}", which ${now ? `has moved to ${now.slice(0, 12)}` : "no longer exists"}`,
      };
    }
  } else if (!shaRef) {
    return { ...withStart, status: "fail", reason: `deployment ${deployment.id} was made from another commit` };
  }
  if (settings.digestKey) {
    const staged = payloadValue(deployment.payload, settings.digestKey);
    if (!settings.digest) {
      return {
        ...withStart,
        status: "fail",
        reason: `no artifact digest given for production (payload key ${settings.digestKey})`,
      };
    }
    if (staged !== settings.digest) {
      return {
        ...withStart,
        status: "fail",
        reason: `artifact digest in staging is ${staged ?? "missing"}, production deploys ${settings.digest}`,
      };
    }
  }
  return {
    ...withStart,
    status: "pass",
    reason: `deployment ${deployment.id} succeeded${start ? ` at ${start.toISOString()}` : ""}`,
  };
}
