import type { Evidence, GateRule, RuleResult } from "../../types.js";

const RUNNING_CHECK = new Set(["queued", "in_progress", "waiting", "requested", "pending"]);

/**
 * `checks`: every check run and commit status on the commit completed with an allowed conclusion
 * (`all`), or every check branch protection and rulesets require (`required`). Anything still running
 * is pending, never a pass; a required check that never reported fails once nothing else is running.
 * Jobs of the workflow run being gated (`runId`) are not waited for: they wait for this gate.
 */
export const checksRule: GateRule = {
  id: "checks",
  title: "Checks on the commit",
  enabled: (settings) => settings.checks !== "none",
  async evaluate(ctx): Promise<RuleResult> {
    const { settings, github } = ctx;
    const ignore = new Set(settings.ignoreChecks);
    const allowed = new Set(settings.allowedConclusions);
    const ownSuite = settings.runId !== undefined ? await github.workflowRunCheckSuite(settings.runId) : undefined;
    const [runs, statuses] = await Promise.all([
      github.listCheckRuns(settings.sha),
      github.listCommitStatuses(settings.sha),
    ]);
    type Seen = { name: string; state: "pass" | "fail" | "pending"; detail: string; url: string };
    const seen = new Map<string, Seen>();
    for (const run of runs) {
      if (ignore.has(run.name) || (ownSuite !== undefined && run.checkSuiteId === ownSuite)) continue;
      const state =
        RUNNING_CHECK.has(run.status) || run.status !== "completed"
          ? "pending"
          : allowed.has(run.conclusion ?? "")
            ? "pass"
            : "fail";
      const detail = run.status === "completed" ? (run.conclusion ?? "no conclusion") : run.status;
      seen.set(run.name, { name: run.name, state, detail, url: run.url });
    }
    for (const s of statuses) {
      if (ignore.has(s.context)) continue;
      const state = s.state === "success" ? "pass" : s.state === "pending" ? "pending" : "fail";
      // A check run and a status of the same name: the worse one counts.
      const prior = seen.get(s.context);
      if (prior && (prior.state === "fail" || (prior.state === "pending" && state === "pass"))) continue;
      seen.set(s.context, { name: s.context, state, detail: s.state, url: s.url });
    }
    let considered = [...seen.values()];
    const missing: string[] = [];
    let scope = "every check";
    if (settings.checks === "required") {
      const branch = settings.branch ?? (await github.defaultBranch());
      const required = await github.requiredChecks(branch);
      if (required.unreadable) {
        // Not knowing what is required must not shrink what is checked: every check counts instead.
        scope = `every check (branch protection of ${branch} is not readable with this token)`;
      } else {
        scope = `checks required on ${branch} (${required.sources.join(" + ") || "none configured"})`;
        const wanted = required.contexts.filter((c) => !ignore.has(c));
        considered = wanted.flatMap((c) => {
          const hit = seen.get(c);
          if (!hit) missing.push(c);
          return hit ? [hit] : [];
        });
      }
    }
    const failing = considered.filter((c) => c.state === "fail");
    const running = considered.filter((c) => c.state === "pending");
    const evidence: Evidence[] = [
      ...failing.map((c) => ({ text: `${c.name}: ${c.detail}`, ...(c.url ? { url: c.url } : {}) })),
      ...running.map((c) => ({ text: `${c.name}: still ${c.detail}`, ...(c.url ? { url: c.url } : {}) })),
      ...missing.map((name) => ({ text: `${name}: required but never reported` })),
    ];
    const passed = considered.length - failing.length - running.length;
    if (failing.length > 0 || (missing.length > 0 && running.length === 0)) {
      const parts = [
        failing.length ? `${failing.length} failed (${failing.map((c) => c.name).join(", ")})` : "",
        missing.length ? `${missing.length} required missing (${missing.join(", ")})` : "",
      ].filter(Boolean);
      return { rule: this.id, status: "fail", summary: `${scope}: ${parts.join(", ")}`, evidence };
    }
    if (running.length > 0) {
      return {
        rule: this.id,
        status: "pending",
        summary: `${scope}: ${running.length} still running (${running.map((c) => c.name).join(", ")})${missing.length ? `, ${missing.length} not reported yet` : ""}`,
        evidence,
        retryAfterMs: 30_000,
      };
    }
    evidence.push({ text: `${passed} check(s) green` });
    return { rule: this.id, status: "pass", summary: `${scope}: ${passed} green`, evidence };
  },
};
