// The staging gate as a custom deployment protection rule (issue 11). GitHub asks the App through a
// `deployment_protection_rule.requested` delivery; the App evaluates the same engine the action and the CLI run
// and answers through the run's callback: approved or rejected with every rule in the comment. While a rule is
// pending it re-evaluates on a timer (conditional requests through the App's ETag cache), posts at most 9
// progress comments, and rejects before the configured maximum wait. Waiting requests survive a restart:
// `recover` finds them again from GitHub (waiting workflow runs and their pending deployments).
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
import type { Clock } from "@upkeep/shared/ports.js";
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
  timer?: NodeJS.Timeout;
}

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
}

const CALLBACK_RE = /\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule\/?$/;

/**
 * The gate's App side: one instance per process. Keys are `owner/name#run#environment`, so a replayed or
 * duplicated delivery of a request that is waiting or answered in this process is ignored (one answer only);
 * after a restart GitHub's 422 ("no pending deployment requests") marks it decided.
 */
export class StagingGateService {
  private readonly pending = new Map<string, GateRequest>();
  private readonly answered = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: StagingGateDeps) {}

  /** Requests waiting for an answer (for /healthz and tests). */
  get waiting(): number {
    return this.pending.size;
  }

  /** Handles `deployment_protection_rule.requested`. Never throws: a bad payload is logged. */
  requested(payload: ProtectionRulePayload, deliveryId: string): void {
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
    if (this.pending.has(key) || this.answered.has(key)) {
      log.info(
        `delivery ${deliveryId}: ${key} is already ${this.pending.has(key) ? "being evaluated" : "answered"}; duplicate ignored`,
      );
      return;
    }
    this.pending.set(key, {
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
    this.enqueue(key);
  }

  /**
   * Finds requests that waited while the App was down: every waiting workflow run of every installed
   * repository, and the environments its deployments wait for. Each is evaluated and answered like a new
   * request (the maximum wait counts from the run's creation). Never throws; failures are logged.
   */
  async recover(): Promise<number> {
    const factory = this.deps.clients();
    if (!factory) return 0;
    const log = this.deps.logger();
    let found = 0;
    try {
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

  /** Clears every timer (server shutdown); pending requests are recovered by the next process. */
  stop(): void {
    this.stopped = true;
    for (const r of this.pending.values()) if (r.timer) clearTimeout(r.timer);
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
        if (this.pending.has(key) || this.answered.has(key)) continue;
        this.pending.set(key, {
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
        found += 1;
        this.enqueue(key);
      }
    }
    return found;
  }

  private enqueue(key: string): void {
    const r = this.pending.get(key);
    if (!r || this.stopped) return;
    this.deps.schedule(`${r.repo.owner}/${r.repo.name}`.toLowerCase(), async () => {
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
    r.deadline = r.requestedAt + maxWaitMs;
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
      try {
        await this.post(client, r, { comment: progress });
      } catch (error) {
        if (!(error instanceof GitHubApiError) || error.status !== 422) throw error;
        this.settle(r, "decided on GitHub before the gate answered");
        return;
      }
      r.progressPosted += 1;
      r.lastProgress = summary;
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
    if (this.stopped || !this.pending.has(r.key)) return;
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(() => this.enqueue(r.key), Math.max(10, ms));
    r.timer.unref?.();
  }

  private async answer(
    client: GitHubClient,
    r: GateRequest,
    state: "approved" | "rejected",
    comment: string,
  ): Promise<void> {
    try {
      await this.post(client, r, { state, comment });
    } catch (error) {
      if (!(error instanceof GitHubApiError) || error.status !== 422) throw error;
      // GitHub: "No pending deployment requests to approve or reject": someone (or an earlier process) decided.
      this.settle(r, "already decided on GitHub; nothing to answer");
      return;
    }
    this.settle(r, `answered ${state}`);
  }

  private settle(r: GateRequest, why: string): void {
    this.deps.logger().info(`staging gate ${r.key}: ${why}`);
    this.pending.delete(r.key);
    if (r.timer) clearTimeout(r.timer);
    this.answered.add(r.key);
    if (this.answered.size > 10_000) this.answered.delete(this.answered.values().next().value!);
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
