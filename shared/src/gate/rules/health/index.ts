import type { Evidence, GateContext, GateRule, ProbeSettings, RuleResult } from "../../types.js";

type Outcome = { kind: "ok" | "bad" | "inconclusive"; text: string };

async function probeOnce(ctx: GateContext, probe: ProbeSettings): Promise<Outcome> {
  const started = performance.now();
  let response: Response;
  let body: string;
  try {
    response = await ctx.fetch(probe.url, { signal: AbortSignal.timeout(probe.timeoutMs), redirect: "manual" });
    body = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    const why =
      name === "TimeoutError" || name === "AbortError"
        ? `no answer within ${probe.timeoutMs} ms`
        : (error as Error).message;
    return { kind: "inconclusive", text: why };
  }
  const ms = Math.round(performance.now() - started);
  if (!probe.status.includes(response.status)) {
    return { kind: "bad", text: `HTTP ${response.status} (expected ${probe.status.join(" or ")}) in ${ms} ms` };
  }
  if (ms > probe.maxLatencyMs)
    return { kind: "bad", text: `HTTP ${response.status} in ${ms} ms, over ${probe.maxLatencyMs} ms` };
  if (probe.match !== undefined) {
    if (body.length === 0)
      return { kind: "inconclusive", text: `HTTP ${response.status} with an empty body (no data)` };
    if (!new RegExp(probe.match).test(body)) {
      return { kind: "bad", text: `HTTP ${response.status}, body does not match /${probe.match}/: ${snippet(body)}` };
    }
  }
  if (probe.notMatch !== undefined && new RegExp(probe.notMatch).test(body)) {
    return { kind: "bad", text: `HTTP ${response.status}, body matches /${probe.notMatch}/: ${snippet(body)}` };
  }
  return { kind: "ok", text: `HTTP ${response.status} in ${ms} ms` };
}

function snippet(body: string): string {
  const one = body.replace(/\s+/g, " ").trim();
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}

/**
 * `health`: each probe must answer `successes` times in a row with an accepted status, within the
 * latency limit, and with a body that matches `match` and not `notMatch`. A wrong answer fails at once;
 * a probe that never answers, errors, or returns no data is inconclusive: pending, never a pass (like
 * Argo Rollouts' inconclusive analysis).
 */
export const healthRule: GateRule = {
  id: "health",
  title: "Staging health probes",
  enabled: (settings) => settings.probes.length > 0,
  async evaluate(ctx): Promise<RuleResult> {
    const evidence: Evidence[] = [];
    let status: RuleResult["status"] = "pass";
    const summaries: string[] = [];
    for (const probe of ctx.settings.probes) {
      let streak = 0;
      let last: Outcome = { kind: "inconclusive", text: "not probed" };
      for (let i = 0; i < probe.successes; i += 1) {
        if (i > 0) await ctx.sleep(probe.intervalMs);
        last = await probeOnce(ctx, probe);
        if (last.kind !== "ok") break;
        streak += 1;
      }
      const text = `${probe.url}: ${streak}/${probe.successes} consecutive successes; last ${last.text}`;
      evidence.push({ text, url: probe.url });
      summaries.push(text);
      if (last.kind === "bad") status = "fail";
      else if (last.kind === "inconclusive" && status === "pass") status = "pending";
    }
    return {
      rule: this.id,
      status,
      summary: summaries.join("; "),
      evidence,
      ...(status === "pending" ? { retryAfterMs: 60_000 } : {}),
    };
  },
};
