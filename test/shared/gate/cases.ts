// The adversarial table of issue 11: every case is run through the CLI/action path (gate-cli.test.ts) and the
// App path (test/bot/features/staging-gate.test.ts); both must give the verdict written here, and no case
// written as reject/pending may ever come out approve.

import { withMarker } from "@upkeep/shared/github/markers.js";
import { announcementKey, type MaintenancePayload } from "@upkeep/shared/maintenance/state.js";
import type { StandInState } from "../../stand-ins/github/index.js";
import { addLabelEvent, gateState } from "../../stand-ins/github/routes/gate.js";

/** Default "now" of the table: after every record the stand-in creates today. */
export const NOW = "2026-12-20T12:00:00Z";

export interface CaseEnv {
  state: StandInState;
  /** `owner/name` of the case's own repository. */
  repo: string;
  /** Base URL of the probe server (paths: /ok, /error-body, /hang, /500, /empty). */
  probe: string;
  now: Date;
}

export interface GateCase {
  name: string;
  /** `gate:` section (YAML) of the case's `.github/upkeep.yml`. */
  gate?: string;
  /** Extra files (e.g. `.github/maintenance/x.yml`), in the repository and in the CLI's working tree. */
  files?: Record<string, string>;
  /** ISO time the gate evaluates at. Default NOW. */
  now?: string;
  /** Seeds the repository; returns the commit to promote and the production deployment's payload. */
  seed(env: CaseEnv): { sha: string; payload?: Record<string, unknown> };
  expect: "approve" | "reject" | "pending";
  /** The rule that decides (fails or waits); checked in both paths. */
  because?: string;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const ago = (env: CaseEnv, minutes: number) => iso(new Date(env.now.getTime() - minutes * 60_000));

/** A new commit on `branch` (default main); returns its SHA. */
export function commit(env: CaseEnv, branch?: string): string {
  return env.state.addCommit(env.repo, { ...(branch ? { branch } : {}), files: { "app.txt": `${Math.random()}` } }).sha;
}

/** A deployment of `ref` to `environment` with statuses `[state, minutesAgo]` oldest first; returns it. */
export function deploy(
  env: CaseEnv,
  ref: string,
  environment: string,
  statuses: [string, number][],
  extra: { transient?: boolean; payload?: Record<string, unknown>; createdMinutesAgo?: number } = {},
) {
  const d = env.state.addDeployment(env.repo, {
    ref,
    environment,
    ...(extra.payload ? { payload: extra.payload } : {}),
  });
  d.transientEnvironment = extra.transient ?? false;
  d.createdAt = ago(env, extra.createdMinutesAgo ?? (statuses[0]?.[1] ?? 0) + 1);
  for (const [state, minutes] of statuses) {
    const s = env.state.addDeploymentStatus(env.repo, d.id, { state: state as "success" });
    s.createdAt = ago(env, minutes);
    s.updatedAt = s.createdAt;
  }
  return d;
}

/** The usual happy path: a commit deployed to staging 2 h ago and green checks. */
function staged(env: CaseEnv, environment = "staging"): string {
  const sha = commit(env);
  deploy(env, sha, environment, [
    ["in_progress", 121],
    ["success", 120],
  ]);
  env.state.addCheckRun(env.repo, { name: "test", headSha: sha, conclusion: "success" });
  env.state.addStatus(env.repo, { sha, state: "success", context: "ci/lint" });
  return sha;
}

const PROBE = (path: string, extra = "") =>
  `probes:\n    - url: "{{probe}}${path}"\n      successes: 2\n      intervalMs: 10\n      timeoutMs: 300\n      maxLatencyMs: 1000\n${extra}`;

export const CASES: GateCase[] = [
  { name: "same commit green in staging (control)", seed: (env) => ({ sha: staged(env) }), expect: "approve" },
  {
    name: "staging ran the parent commit",
    seed: (env) => {
      staged(env);
      const child = commit(env);
      env.state.addCheckRun(env.repo, { name: "test", headSha: child, conclusion: "success" });
      return { sha: child };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "merge commit from auto_merge (staging ran the PR head)",
    seed: (env) => {
      const head = commit(env, "feature");
      deploy(env, head, "staging", [["success", 120]]);
      env.state.addPull(env.repo, { title: "feature", head: "feature", merged: true });
      const merge = commit(env);
      env.state.addCheckRun(env.repo, { name: "test", headSha: merge, conclusion: "success" });
      return { sha: merge };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "only a transient environment succeeded",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [["success", 120]], { transient: true });
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "staging failed after succeeding",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [
        ["success", 120],
        ["failure", 30],
      ]);
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "staging deployment went inactive",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [
        ["success", 120],
        ["inactive", 30],
      ]);
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "a later deployment of the same commit errored",
    seed: (env) => {
      const sha = staged(env);
      deploy(env, sha, "staging", [["error", 20]]);
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "wrong environment name (trailing space)",
    seed: (env) => ({ sha: staged(env, "staging ") }),
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "environment name differing only in case counts, as on GitHub",
    seed: (env) => ({ sha: staged(env, "Staging") }),
    expect: "approve",
  },
  {
    name: "status history gone, nothing recorded",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [], { createdMinutesAgo: 600 });
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "status history gone, the gate's recorded soak start survives",
    gate: "soak: 30m",
    seed: (env) => {
      const sha = commit(env);
      const d = deploy(env, sha, "staging", []);
      const s = env.state.addDeploymentStatus(env.repo, d.id, {
        state: "success",
        description: `upkeep-gate soak-start=${ago(env, 300)}`,
      });
      s.createdAt = ago(env, 200);
      return { sha };
    },
    expect: "approve",
  },
  {
    name: "more than 100 deployments of the commit, the staging one on page 2 failed",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [
        ["success", 300],
        ["failure", 290],
      ]);
      for (let i = 0; i < 120; i += 1) deploy(env, sha, `pr-${i}`, [["success", 200 - i]], { transient: true });
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "more than 100 deployments, the staging success on page 2 (control)",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [["success", 300]]);
      for (let i = 0; i < 120; i += 1) deploy(env, sha, `pr-${i}`, [["success", 200 - i]], { transient: true });
      return { sha };
    },
    expect: "approve",
  },
  {
    name: "a check is still running",
    seed: (env) => {
      const sha = staged(env);
      env.state.addCheckRun(env.repo, { name: "e2e", headSha: sha, status: "in_progress" });
      return { sha };
    },
    expect: "pending",
    because: "checks",
  },
  {
    name: "a check failed",
    seed: (env) => {
      const sha = staged(env);
      env.state.addStatus(env.repo, { sha, state: "failure", context: "security/scan" });
      return { sha };
    },
    expect: "reject",
    because: "checks",
  },
  {
    name: "a check required by branch protection never reported",
    gate: "checks:\n    mode: required",
    seed: (env) => {
      const sha = staged(env);
      gateState(env.state.repo(env.repo)).protection.set("main", ["test", "e2e"]);
      return { sha };
    },
    expect: "reject",
    because: "checks",
  },
  {
    name: "a check required by a ruleset never reported",
    gate: "checks:\n    mode: required",
    seed: (env) => {
      const sha = staged(env);
      gateState(env.state.repo(env.repo)).rulesets.set("main", ["deploy-preview"]);
      return { sha };
    },
    expect: "reject",
    because: "checks",
  },
  {
    name: "soak time not reached",
    gate: "soak: 30m",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [["success", 10]]);
      return { sha };
    },
    expect: "pending",
    because: "soak",
  },
  {
    name: "deployed from a branch that has since moved",
    seed: (env) => {
      env.state.addCommit(env.repo, { branch: "release", files: { "r.txt": "1" } });
      const sha = env.state.repo(env.repo).branches.get("release")!;
      deploy(env, "release", "staging", [["success", 120]]);
      env.state.addCommit(env.repo, { branch: "release", files: { "r.txt": "2" } });
      return { sha };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "artifact digest differs from production's",
    gate: "digestKey: image.digest",
    seed: (env) => {
      const sha = commit(env);
      deploy(env, sha, "staging", [["success", 120]], { payload: { image: { digest: "sha256:aaa" } } });
      return { sha, payload: { image: { digest: "sha256:bbb" } } };
    },
    expect: "reject",
    because: "same-artifact",
  },
  {
    name: "probe never answers",
    gate: PROBE("/hang"),
    seed: (env) => ({ sha: staged(env) }),
    expect: "pending",
    because: "health",
  },
  {
    name: "probe answers 200 with an error body",
    gate: PROBE("/error-body", '      notMatch: "\\"status\\":\\\\s*\\"error\\""\n'),
    seed: (env) => ({ sha: staged(env) }),
    expect: "reject",
    because: "health",
  },
  {
    name: "probe answers 200 with no data",
    gate: PROBE("/empty", '      match: "ok"\n'),
    seed: (env) => ({ sha: staged(env) }),
    expect: "pending",
    because: "health",
  },
  {
    name: "weekly RRULE freeze at 18:00 Berlin, first Friday after DST began",
    // 2026-04-03T16:30Z is 18:30 CEST; a fixed +01:00 offset would think it is 17:30 and approve.
    now: "2026-04-03T16:30:00Z",
    gate: 'freeze:\n    - title: weekend\n      rrule: "FREQ=WEEKLY;BYDAY=FR"\n      start: 2026-01-02T18:00\n      duration: 62h\n      timezone: Europe/Berlin',
    seed: (env) => ({ sha: staged(env) }),
    expect: "reject",
    because: "freeze",
  },
  {
    name: "cron freeze at 18:00 Berlin, first Friday after DST ended",
    // 2026-10-30T17:30Z is 18:30 CET; a cron read in UTC would not start until 18:00Z and approve.
    now: "2026-10-30T17:30:00Z",
    gate: 'freeze:\n    - title: weekend\n      cron: "0 18 * * 5"\n      duration: 62h\n      timezone: Europe/Berlin',
    seed: (env) => ({ sha: staged(env) }),
    expect: "reject",
    because: "freeze",
  },
  {
    name: "maintenance window from .github/maintenance in progress",
    files: {
      ".github/maintenance/db.yml":
        "title: Database upgrade\nstart: 2026-12-20T11:00Z\nduration: 2h\nimpact: read-only\n",
    },
    seed: (env) => ({ sha: staged(env) }),
    expect: "reject",
    because: "freeze",
  },
  {
    name: "maintenance window announced with /maintenance in progress",
    seed: (env) => {
      const payload: MaintenancePayload = {
        v: 1,
        id: "2026-12-20-failover",
        source: "command",
        window: {
          title: "Failover drill",
          start: ago(env, 30),
          end: iso(new Date(env.now.getTime() + 60 * 60_000)),
          timezone: "UTC",
          impact: "",
          kind: "maintenance",
        },
        rev: 1,
        status: "scheduled",
        reminders: {},
      };
      env.state.addIssue(env.repo, {
        title: "Maintenance: Failover drill",
        body: withMarker("Failover drill, announced by /maintenance.", announcementKey(payload.id), payload),
        labels: ["maintenance"],
      });
      return { sha: staged(env) };
    },
    expect: "reject",
    because: "freeze",
  },
  {
    name: "freeze overridden by a label on the pull request",
    gate: "overrideLabel: deploy-anyway\n  freeze:\n    - from: 2026-12-19\n      to: 2026-12-21\n      timezone: UTC",
    seed: (env) => {
      const sha = commit(env, "hotfix");
      deploy(env, sha, "staging", [["success", 120]]);
      const pr = env.state.addPull(env.repo, { title: "hotfix", head: "hotfix" });
      addLabelEvent(env.state, env.repo, pr.number, "deploy-anyway", "release-captain");
      return { sha };
    },
    expect: "approve",
  },
];
