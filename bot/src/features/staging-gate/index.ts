// The staging gate as a custom deployment protection rule (issue 11). GitHub asks the App through a
// `deployment_protection_rule.requested` delivery; the App evaluates the same engine the action and the CLI run
// and answers through the run's callback: approved or rejected with every rule in the comment. While a rule is
// pending it re-evaluates on a timer (conditional requests through the App's ETag cache), posts at most 9
// progress comments, and rejects before the configured maximum wait. Waiting requests live in the shared state
// (`staging-gate:pending`): one instance at a time owns a request (a lease it renews), and another instance
// adopts it when the owner stops or dies, with its progress count and deadline. Requests that arrived while no
// instance ran are found again by `recover` (once per start of the cluster) from GitHub.
import { parseDuration } from "@upkeep/shared/calendar/duration.js";
import { describeError, GitHubApiError } from "@upkeep/shared/errors.js";
import { evaluateGate } from "@upkeep/shared/gate/engine.js";
import { restGateGitHub } from "@upkeep/shared/gate/github.js";
import { CALLBACK_COMMENT_LIMIT, renderCallbackComment } from "@upkeep/shared/gate/render.js";
import { resolveGateSettings } from "@upkeep/shared/gate/settings.js";
import { payloadValue } from "@upkeep/shared/gate/staging.js";
import type { GateResult } from "@upkeep/shared/gate/types.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { effectiveWindows } from "@upkeep/shared/maintenance/state.js";
import type { Clock, KeyValueStore, Lease, SharedState } from "@upkeep/shared/ports.js";
import type { ClientFactory } from "../../clients.js";
import { listUpkeepIssues } from "../../issues.js";
import { type RepoFiles, type RepoRef, readRepoFiles } from "../../repo-files.js";
import { installationRepos } from "../../sweep.js";
import { fileWindows } from "../../windows.js";

/** The maximum wait before the configuration was read (the `gate.maxWait` default). */
const DEFAULT_MAX_WAIT_MS = 24 * 3_600_000;

/** At most this many progress comments per request (issue 11), so a day of waiting does not flood the run's log. */
export const MAX_PROGRESS_COMMENTS = 9;

/** One protection rule request the App still owes an answer. */
export interface GateRequest {
  key: string;
  installationId: number;
  repo: RepoRef;
  runId: number;
  environment: string;
  sha: string;
  /** The production deployment's payload (for the artifact digest). */
  payload: unknown;
  /** When GitHub asked (clock ms); the maximum wait counts from here. */
  requestedAt: number;
  progressPosted: number;
  lastProgress: string;
  /** Recovered after a restart: earlier progress comments are unknown, so none are posted. */
  recovered: boolean;
  /** When the request must be answered at the latest (clock ms), once the configuration was read. */
  deadline?: number;
}

/** A request this instance owns: its lease on the shared state and its local timer. */
interface Owned {
  r: GateRequest;
  lease: Lease;
  timer?: NodeJS.Timeout;
}

/** How long a pending or answered request is remembered in the shared state (longer than any maximum wait). */
const PENDING_TTL_MS = 35 * 24 * 3_600_000;
const ANSWERED_TTL_MS = 7 * 24 * 3_600_000;
/** After one instance ran the recovery from GitHub, the others starting within this time skip it. */
const RECOVERY_CLAIM_MS = 60_000;

/** The delivery's fields the gate reads. */
export interface ProtectionRulePayload {
  action?: string;
  environment?: string;
  deployment_callback_url?: string;
  deployment?: { sha?: string; payload?: unknown; environment?: string };
  repository?: { name: string; owner: { login: string }; default_branch?: string };
  installation?: { id: number };
}

/** What the service needs from the App. */
export interface StagingGateDeps {
  clients: () => ClientFactory | undefined;
  clock: Clock;
  logger: () => Logger;
  filesCache: Map<string, RepoFiles>;
  /** Runs a job after every earlier job of the repository (the App's work queue). */
  schedule: (repoKey: string, job: () => Promise<void>) => void;
  /** Multiplies every wait (poll interval, maximum wait); tests shrink it. Default 1. */
  timeScale?: number;
  /** Pending requests, their owners and answers (memory on one instance, Redis on many). */
  state: SharedState;
  /**
   * How long an instance's ownership of a request lasts without renewal (renewed every third of it); a dead
   * owner's requests are adopted by another instance after it. Default 30,000.
   */
  leaseMs?: number;
}

const CALLBACK_RE = /\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule\/?$/;

/**
 * The gate's App side, one per process, sharing its requests with every other instance through the shared
 * state. Keys are `owner/name#run#environment`: a replayed or duplicated delivery of a request that is waiting
 * or answered on any instance is ignored (one answer only); only the instance holding a request's lease
 * evaluates it and answers; after a restart GitHub's 422 ("no pending deployment requests") marks it decided.
 */
export class StagingGateService {
  private readonly owned = new Map<string, Owned>();
  private readonly pending: KeyValueStore;
  private readonly answered: KeyValueStore;
  private readonly leaseMs: number;
  private ticker?: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;

  constructor(private readonly deps: StagingGateDeps) {
    this.pending = deps.state.store("staging-gate:pending");
    this.answered = deps.state.store("staging-gate:answered");
    this.leaseMs = deps.leaseMs ?? 30_000;
  }

  /** Requests this instance is evaluating (for /healthz and tests). */
  get waiting(): number {
    return this.owned.size;
  }

  /**
   * Handles `deployment_protection_rule.requested`. A bad payload is logged and ignored; throws what the shared
   * state throws when it is unreachable (the delivery's job is then retried).
   */
  async requested(payload: ProtectionRulePayload, deliveryId: string): Promise<void> {
    const log = this.deps.logger();
    const m = CALLBACK_RE.exec(new URL(payload.deployment_callback_url ?? "http://x/").pathname);
    const sha = payload.deployment?.sha;
    if (!m || !payload.environment || !sha || !payload.installation || !payload.repository) {
      log.warning(
        `delivery ${deliveryId}: deployment_protection_rule without callback URL, environment or commit; ignored`,
      );
      return;
    }
    const repo: RepoRef = { owner: payload.repository.owner.login, name: payload.repository.name };
    const runId = Number(m[3]);
    const key = requestKey(repo, runId, payload.environment);
    this.watch();
    try {
      const added = await this.add({
        key,
        installationId: payload.installation.id,
        repo,
        runId,
        environment: payload.environment,
        sha,
        payload: payload.deployment?.payload,
        requestedAt: this.deps.clock.now().getTime(),
        progressPosted: 0,
        lastProgress: "",
        recovered: false,
      });
      if (added !== "added") log.info(`delivery ${deliveryId}: ${key} is already ${added}; duplicate ignored`);
    } catch (error) {
      // The shared state is unreachable: fail the delivery, so its job is retried (on Redis) and not lost.
      log.error(`delivery ${deliveryId}: staging gate ${key}: ${describeError(error)}`);
      throw error;
    }
  }

  /**
   * Finds requests that waited while no instance ran: every waiting workflow run of every installed
   * repository, and the environments its deployments wait for. Each is evaluated and answered like a new
   * request (the maximum wait counts from the run's creation). One instance of a cluster starting together
   * runs it; the others adopt what it finds. Never throws; failures are logged.
   */
  async recover(): Promise<number> {
    this.watch();
    const factory = this.deps.clients();
    if (!factory) return 0;
    const log = this.deps.logger();
    let found = 0;
    try {
      if (!(await this.deps.state.claimOnce("staging-gate:recovery", RECOVERY_CLAIM_MS))) {
        log.info("staging gate: another instance recovers waiting requests from GitHub");
        return 0;
      }
      const app = await factory.app();
      const installations = (await app.paginate("GET /app/installations", { per_page: 100 })) as {
        id: number;
        suspended_at?: string | null;
      }[];
      for (const installation of installations) {
        if (installation.suspended_at) continue;
        try {
          const client = await factory.installation(installation.id);
          for (const repo of await installationRepos(client))
            found += await this.recoverRepo(client, installation.id, repo);
        } catch (error) {
          log.error(`staging gate: recovering installation ${installation.id} failed: ${describeError(error)}`);
        }
      }
    } catch (error) {
      log.error(`staging gate: recovery failed: ${describeError(error)}`);
    }
    if (found > 0) log.info(`staging gate: recovered ${found} waiting protection rule request(s)`);
    return found;
  }

  /**
   * Clears every timer and gives the owned requests back (server shutdown): another instance adopts them at
   * once, or the next process does. Never throws.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    const owned = [...this.owned.values()];
    this.owned.clear();
    for (const o of owned) if (o.timer) clearTimeout(o.timer);
    await Promise.all(owned.map((o) => o.lease.release().catch(() => {})));
  }

  /** Records `r` as pending unless any instance has it already; the caller's instance then owns it. */
  private async add(r: GateRequest): Promise<"added" | "answered" | "being evaluated"> {
    if ((await this.answered.get(r.key)) !== undefined) return "answered";
    if (!(await this.pending.setIfAbsent(r.key, r, { ttlMs: PENDING_TTL_MS }))) return "being evaluated";
    await this.adopt(r);
    return "added";
  }

  /** Takes the lease of `r` and schedules its evaluation; false when another instance owns it. */
  private async adopt(r: GateRequest): Promise<boolean> {
    if (this.stopped || this.owned.has(r.key)) return false;
    const lease = await this.deps.state.acquire(`staging-gate:owner:${r.key}`, { ttlMs: this.leaseMs });
    if (!lease) return false;
    if (this.stopped) {
      await lease.release();
      return false;
    }
    this.owned.set(r.key, { r, lease });
    this.enqueue(r.key);
    return true;
  }

  /** Starts the timer that renews this instance's leases and adopts requests whose owner is gone. */
  private watch(): void {
    if (this.ticker || this.stopped) return;
    this.ticker = setInterval(
      () => {
        if (this.ticking) return;
        this.ticking = true;
        this.tick()
          .catch((error: unknown) => this.deps.logger().error(`staging gate: ${describeError(error)}`))
          .finally(() => {
            this.ticking = false;
          });
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    this.ticker.unref?.();
  }

  private async tick(): Promise<void> {
    const log = this.deps.logger();
    for (const [key, o] of this.owned) {
      if (await this.renew(o)) continue;
      log.warning(`staging gate ${key}: ownership lost to another instance; it goes on there`);
      this.drop(o);
    }
    for (const key of await this.pending.keys()) {
      if (this.stopped || this.owned.has(key)) continue;
      const r = await this.pending.get<GateRequest>(key);
      if (!r) continue;
      if ((await this.answered.get(key)) !== undefined) {
        await this.pending.delete(key);
        continue;
      }
      if (await this.adopt(r)) log.info(`staging gate ${key}: adopted from an instance that stopped`);
    }
  }

  /**
   * Extends the lease of `o`; when it is gone but nobody else took it (Redis restarted without its data), takes
   * it again and writes the request back. False when another instance owns the request now.
   */
  private async renew(o: Owned): Promise<boolean> {
    if (await o.lease.extend(this.leaseMs)) return true;
    const again = await this.deps.state.acquire(`staging-gate:owner:${o.r.key}`, { ttlMs: this.leaseMs });
    if (!again) return false;
    if ((await this.answered.get(o.r.key)) !== undefined) {
      await again.release();
      return false;
    }
    o.lease = again;
    await this.pending.setIfAbsent(o.r.key, o.r, { ttlMs: PENDING_TTL_MS });
    return true;
  }

  private drop(o: Owned): void {
    if (o.timer) clearTimeout(o.timer);
    if (this.owned.get(o.r.key) === o) this.owned.delete(o.r.key);
  }

  /** Writes the owned request's progress and deadline to the shared state, so an adopter goes on from there. */
  private async save(r: GateRequest): Promise<void> {
    await this.pending.set(r.key, r, { ttlMs: PENDING_TTL_MS });
  }

  private async recoverRepo(client: GitHubClient, installationId: number, repo: RepoRef): Promise<number> {
    const runs = (await client.paginate("GET /repos/{owner}/{repo}/actions/runs", {
      owner: repo.owner,
      repo: repo.name,
      status: "waiting",
      per_page: 100,
    })) as unknown as { id: number; head_sha: string; created_at: string }[];
    let found = 0;
    for (const run of runs) {
      const { data } = await client.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", {
        owner: repo.owner,
        repo: repo.name,
        run_id: run.id,
      });
      for (const waiting of data as { environment: { name?: string } }[]) {
        const environment = waiting.environment.name;
        if (!environment) continue;
        const key = requestKey(repo, run.id, environment);
        if (this.owned.has(key)) continue;
        const added = await this.add({
          key,
          installationId,
          repo,
          runId: run.id,
          environment,
          sha: run.head_sha,
          payload: undefined,
          requestedAt: Date.parse(run.created_at),
          progressPosted: 0,
          lastProgress: "",
          recovered: true,
        });
        if (added === "added") found += 1;
      }
    }
    return found;
  }

  private enqueue(key: string): void {
    const o = this.owned.get(key);
    if (!o || this.stopped) return;
    const r = o.r;
    this.deps.schedule(`${r.repo.owner}/${r.repo.name}`.toLowerCase(), async () => {
      if (this.stopped || this.owned.get(key) !== o) return;
      try {
        await this.evaluate(r);
      } catch (error) {
        // GitHub trouble: try again later, but never past the maximum wait (24 h until the config was read).
        this.deps.logger().error(`staging gate ${key}: ${describeError(error)}`);
        const scale = this.deps.timeScale ?? 1;
        const deadline = r.deadline ?? r.requestedAt + DEFAULT_MAX_WAIT_MS * scale;
        if (this.deps.clock.now().getTime() >= deadline) {
          await this.giveUp(r, error);
          return;
        }
        this.retryLater(r, Math.min(60_000 * scale, deadline - this.deps.clock.now().getTime()));
      }
    });
  }

  private async evaluate(r: GateRequest): Promise<void> {
    const factory = this.deps.clients();
    if (!factory) return;
    const log = this.deps.logger();
    const client = await factory.installation(r.installationId);
    const now = this.deps.clock.now();
    const files = await readRepoFiles(client, r.repo, this.deps.filesCache);
    const config = files.config.config.gate;
    const scale = this.deps.timeScale ?? 1;
    const maxWaitMs = parseDuration(config.maxWait) * scale;
    const pollMs = parseDuration(config.pollInterval) * scale;
    if (r.deadline !== r.requestedAt + maxWaitMs) {
      r.deadline = r.requestedAt + maxWaitMs;
      await this.save(r);
    }
    const { windows: fromFiles, problems: windowProblems } = await fileWindows(
      `${r.repo.owner}/${r.repo.name}`,
      files,
      now,
    );
    // The App reads configuration leniently (valid parts keep working), but a gate setting or a window file it
    // could not read may be a freeze or a rule the repository wants: never approve past it.
    const problems = [
      // The gate section, the file as a whole (a YAML syntax error), or a base it extends.
      ...files.config.problems.filter((p) => ["", "gate", "_extends"].includes(p.key) || p.key.startsWith("gate.")),
      ...windowProblems,
    ];
    if (problems.length > 0) {
      const list = problems.map(
        (p) => `${p.file}${p.line ? `:${p.line}` : ""}: ${p.key ? `${p.key}: ` : ""}${p.message}`,
      );
      await this.answer(
        client,
        r,
        "rejected",
        `Staging gate: reject. Fix the configuration first:\n${list.join("\n")}`.slice(0, CALLBACK_COMMENT_LIMIT),
      );
      return;
    }
    const windows = effectiveWindows(fromFiles, await listUpkeepIssues(client, r.repo));
    const digest = config.digestKey ? payloadValue(r.payload, config.digestKey) : undefined;
    let result: GateResult;
    try {
      const settings = resolveGateSettings(config, {
        sha: r.sha,
        environment: r.environment,
        runId: r.runId,
        ...(digest ? { digest } : {}),
      });
      result = await evaluateGate(settings, {
        github: restGateGitHub(client, r.repo),
        clock: this.deps.clock,
        logger: log,
        windows,
      });
    } catch (error) {
      if (error instanceof GitHubApiError) throw error;
      // A configuration the gate cannot use must not let the deployment through.
      await this.answer(
        client,
        r,
        "rejected",
        `Staging gate: reject. The configuration cannot be used: ${describeError(error)}`.slice(
          0,
          CALLBACK_COMMENT_LIMIT,
        ),
      );
      return;
    }
    log.info(`staging gate ${r.key}: ${result.verdict} (${result.calls} requests)`);
    if (result.decision === "approve") {
      await this.answer(client, r, "approved", renderCallbackComment(result));
      return;
    }
    if (result.decision === "reject") {
      await this.answer(client, r, "rejected", renderCallbackComment(result));
      return;
    }
    const left = r.deadline - this.deps.clock.now().getTime();
    if (left <= 0) {
      await this.answer(client, r, "rejected", renderCallbackComment(result, `Timed out after ${config.maxWait}:`));
      return;
    }
    const progress = renderCallbackComment(result, `Waiting (${r.progressPosted + 1}/${MAX_PROGRESS_COMMENTS}):`);
    const summary = result.rules.map((x) => `${x.rule}:${x.status}`).join(",");
    if (!r.recovered && r.progressPosted < MAX_PROGRESS_COMMENTS && summary !== r.lastProgress) {
      if (!(await this.stillOwned(r))) return;
      try {
        await this.post(client, r, { comment: progress });
      } catch (error) {
        if (!(error instanceof GitHubApiError) || error.status !== 422) throw error;
        await this.settle(r, "decided on GitHub before the gate answered");
        return;
      }
      r.progressPosted += 1;
      r.lastProgress = summary;
      await this.save(r);
    }
    const wait = Math.min(Math.max((result.retryAfterMs ?? pollMs) * scale, pollMs), left);
    this.retryLater(r, wait);
  }

  /** The maximum wait passed while GitHub kept failing: reject (a gate that cannot look never approves). */
  private async giveUp(r: GateRequest, error: unknown): Promise<void> {
    try {
      const factory = this.deps.clients();
      if (!factory) return;
      const client = await factory.installation(r.installationId);
      const text = `Staging gate: reject. The maximum wait passed and the gate could not evaluate: ${describeError(error)}`;
      await this.answer(client, r, "rejected", text.slice(0, CALLBACK_COMMENT_LIMIT));
    } catch (again) {
      this.deps.logger().error(`staging gate ${r.key}: could not answer: ${describeError(again)}`);
      this.retryLater(r, 60_000 * (this.deps.timeScale ?? 1));
    }
  }

  private retryLater(r: GateRequest, ms: number): void {
    const o = this.owned.get(r.key);
    if (this.stopped || !o) return;
    if (o.timer) clearTimeout(o.timer);
    o.timer = setTimeout(() => this.enqueue(r.key), Math.max(10, ms));
    o.timer.unref?.();
  }

  /** Renews the lease before a write; false (and the request dropped here) when another instance owns it now. */
  private async stillOwned(r: GateRequest): Promise<boolean> {
    const o = this.owned.get(r.key);
    if (o && (await this.renew(o))) return true;
    if (o) this.drop(o);
    this.deps.logger().warning(`staging gate ${r.key}: ownership lost to another instance; it answers there`);
    return false;
  }

  private async answer(
    client: GitHubClient,
    r: GateRequest,
    state: "approved" | "rejected",
    comment: string,
  ): Promise<void> {
    if (!(await this.stillOwned(r))) return;
    try {
      await this.post(client, r, { state, comment });
    } catch (error) {
      if (!(error instanceof GitHubApiError) || error.status !== 422) throw error;
      // GitHub: "No pending deployment requests to approve or reject": someone (or an earlier process) decided.
      await this.settle(r, "already decided on GitHub; nothing to answer");
      return;
    }
    await this.settle(r, `answered ${state}`);
  }

  /** Marks `r` answered for every instance and gives its lease back. */
  private async settle(r: GateRequest, why: string): Promise<void> {
    this.deps.logger().info(`staging gate ${r.key}: ${why}`);
    const o = this.owned.get(r.key);
    if (o) this.drop(o);
    await this.answered.set(r.key, true, { ttlMs: ANSWERED_TTL_MS });
    await this.pending.delete(r.key);
    await o?.lease.release();
  }

  private async post(
    client: GitHubClient,
    r: GateRequest,
    body: { state?: "approved" | "rejected"; comment: string },
  ): Promise<void> {
    await client.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule", {
      owner: r.repo.owner,
      repo: r.repo.name,
      run_id: r.runId,
      environment_name: r.environment,
      ...body,
    } as never);
  }
}

function requestKey(repo: RepoRef, runId: number, environment: string): string {
  return `${repo.owner}/${repo.name}#${runId}#${environment}`.toLowerCase();
}
