import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ApiCall } from "./clients.js";

/** The bot's Prometheus metrics (served at `GET /metrics`, text format 0.0.4). */
export interface BotMetrics {
  registry: Registry;
  deliveries: Counter<"event" | "outcome">;
  jobs: Counter<"name" | "outcome">;
  jobWait: Histogram<"name">;
  apiCalls: Counter<"installation" | "method" | "status">;
  rateLimitRemaining: Gauge<"installation">;
  queueJobs: Gauge<"state">;
  queueLag: Gauge;
  /** Records one GitHub answer (the clients' `observe`). */
  observeApiCall(call: ApiCall): void;
}

function installationOf(scope: string): string {
  return scope.startsWith("installation:") ? scope.slice("installation:".length) : scope;
}

/**
 * A fresh registry with the bot's metrics and the process defaults (CPU, memory, event-loop lag).
 * `collectQueue` is called on every scrape to refresh the queue gauges (depth per state, lag of the oldest
 * waiting job in seconds); its errors leave the previous values. Never throws.
 */
export function createMetrics(
  collectQueue?: () => Promise<{ counts: Record<string, number>; lagSeconds: number }>,
): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "upkeep_" });
  const deliveries = new Counter({
    name: "upkeep_webhook_deliveries_total",
    help: "Webhook deliveries received, by event and outcome (queued, duplicate, buffered while Redis was away, handled).",
    labelNames: ["event", "outcome"] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: "upkeep_jobs_total",
    help: "Jobs finished by this instance, by job name and outcome (completed, failed, retried, deferred).",
    labelNames: ["name", "outcome"] as const,
    registers: [registry],
  });
  const jobWait = new Histogram({
    name: "upkeep_job_wait_seconds",
    help: "Time from a job's creation (or due time) to its start on this instance.",
    labelNames: ["name"] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const apiCalls = new Counter({
    name: "upkeep_github_requests_total",
    help: "HTTP requests to GitHub, by installation (or app), method and status.",
    labelNames: ["installation", "method", "status"] as const,
    registers: [registry],
  });
  const rateLimitRemaining = new Gauge({
    name: "upkeep_github_rate_limit_remaining",
    help: "x-ratelimit-remaining of the last GitHub answer, per installation (or app).",
    labelNames: ["installation"] as const,
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: "upkeep_queue_jobs",
    help: "Jobs in the shared queue by state (waiting, active, delayed, failed ...), read at scrape time.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      if (!collectQueue) return;
      try {
        const { counts, lagSeconds } = await collectQueue();
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        queueLag.set(lagSeconds);
      } catch {
        // Redis away: the previous values stay; /healthz/ready says why.
      }
    },
  });
  const queueLag = new Gauge({
    name: "upkeep_queue_lag_seconds",
    help: "Age of the oldest job waiting in the shared queue (0 when none waits).",
    registers: [registry],
  });
  return {
    registry,
    deliveries,
    jobs,
    jobWait,
    apiCalls,
    rateLimitRemaining,
    queueJobs,
    queueLag,
    observeApiCall(call) {
      const installation = installationOf(call.scope);
      apiCalls.inc({ installation, method: call.method, status: String(call.status) });
      if (call.remaining !== undefined && Number.isFinite(call.remaining))
        rateLimitRemaining.set({ installation }, call.remaining);
    },
  };
}
