import { GitHubApiError, NotFoundError } from "../errors.js";
import type { GitHubClient } from "../github/client.js";
import type { CheckRunInfo, CommitStatusInfo, DeploymentInfo, DeploymentStatusInfo, GateGitHub } from "./types.js";

interface CachedGet {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, string>;
  data: unknown;
}

const attached = new WeakSet<GitHubClient>();

/**
 * Makes every GET of `client` conditional (ETag / `If-None-Match`): when the gate re-polls while a rule is
 * pending, unchanged answers come back `304 Not Modified`, which GitHub does not count against the rate
 * limit. The cache lives in memory for the life of the client (a `--wait` loop, one App process). Attaching
 * twice is a no-op; the App's clients already carry its persistent ETag cache and need not call this.
 * Returns counters of 304s and full answers. Never throws.
 */
export function attachConditionalRequests(client: GitHubClient): { notModified: number; fetched: number } {
  const stats = { notModified: 0, fetched: 0 };
  if (attached.has(client)) return stats;
  attached.add(client);
  const entries = new Map<string, CachedGet>();
  client.hook.wrap("request", async (request, options) => {
    if (String(options.method ?? "GET").toUpperCase() !== "GET") return request(options);
    const parsed = client.request.endpoint.parse(options as Parameters<typeof client.request.endpoint.parse>[0]);
    const key = `${parsed.url} ${String(parsed.headers.accept ?? "")}`;
    const cached = entries.get(key);
    if (cached) options.headers = { ...options.headers, "if-none-match": cached.etag };
    try {
      const response = await request(options);
      stats.fetched += 1;
      const etag = (response.headers as Record<string, string | undefined>).etag;
      if (etag) {
        entries.set(key, {
          etag,
          status: response.status,
          url: response.url,
          headers: response.headers as Record<string, string>,
          data: structuredClone(response.data),
        });
      }
      return response;
    } catch (error) {
      if (cached && (error as { status?: unknown }).status === 304) {
        stats.notModified += 1;
        return { status: cached.status, url: cached.url, headers: cached.headers, data: structuredClone(cached.data) };
      }
      throw error;
    }
  });
  return stats;
}

type Row = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * The GateGitHub port over the shared Octokit client for one repository. Counts every request it sends
 * (each page of a list is one). GitHub errors arrive translated (GitHubApiError, NotFoundError);
 * `resolveRef` and `requiredChecks` turn a 404 into "none".
 */
export function restGateGitHub(client: GitHubClient, repo: { owner: string; name: string }): GateGitHub {
  const { owner, name } = repo;
  let calls = 0;
  // Counted here rather than with a client hook: the App shares one client between many evaluations.
  const request = ((route: string, params?: Row) => {
    calls += 1;
    return client.request(route, params);
  }) as GitHubClient["request"];
  const base = { owner, repo: name, per_page: 100 } as const;
  let defaultBranch: string | undefined;

  async function pages<T>(route: string, params: Row, pick: (data: unknown) => Row[], map: (r: Row) => T) {
    const out: T[] = [];
    for await (const response of client.paginate.iterator(route, { ...base, ...params })) {
      calls += 1;
      for (const row of pick(response.data)) out.push(map(row));
    }
    return out;
  }
  const asRows = (data: unknown) => (Array.isArray(data) ? (data as Row[]) : []);

  return {
    async listDeployments(sha) {
      return pages("GET /repos/{owner}/{repo}/deployments", { sha }, asRows, (d) => ({
        id: Number(d.id),
        sha: str(d.sha),
        ref: str(d.ref),
        environment: str(d.environment),
        transient: d.transient_environment === true,
        payload: d.payload,
        createdAt: str(d.created_at),
        url: str(d.url),
      })) as Promise<DeploymentInfo[]>;
    },
    async listDeploymentStatuses(deploymentId) {
      const rows = await pages(
        "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
        { deployment_id: deploymentId },
        asRows,
        (s): DeploymentStatusInfo => ({
          id: Number(s.id),
          state: str(s.state),
          description: str(s.description),
          environmentUrl: str(s.environment_url),
          logUrl: str(s.log_url) || str(s.target_url),
          createdAt: str(s.created_at),
        }),
      );
      // GitHub lists newest first; sort anyway so a reordered page cannot change the verdict.
      return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    },
    async resolveRef(ref) {
      const qualified = ref.startsWith("refs/") ? ref.slice(5) : undefined;
      const candidates = qualified ? [qualified] : [`heads/${ref}`, `tags/${ref}`];
      for (const candidate of candidates) {
        try {
          const { data } = await request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
            owner,
            repo: name,
            ref: candidate,
          });
          const object = (data as { object?: { sha?: string; type?: string } }).object;
          if (object?.sha) return object.sha;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      return undefined;
    },
    async listCheckRuns(sha) {
      return pages(
        "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
        { ref: sha, filter: "latest" },
        (data) => (data as { check_runs?: Row[] }).check_runs ?? (Array.isArray(data) ? (data as Row[]) : []),
        (r): CheckRunInfo => ({
          name: str(r.name),
          status: str(r.status),
          conclusion: typeof r.conclusion === "string" ? r.conclusion : null,
          checkSuiteId: (r.check_suite as { id?: number } | null)?.id,
          url: str(r.html_url) || str(r.details_url),
        }),
      );
    },
    async listCommitStatuses(sha) {
      const out: CommitStatusInfo[] = [];
      // The combined status holds the latest status per context; it pages by `per_page` like a list.
      for (let page = 1; ; page += 1) {
        const { data } = await request("GET /repos/{owner}/{repo}/commits/{ref}/status", {
          ...base,
          ref: sha,
          page,
        });
        const d = data as { statuses?: Row[]; total_count?: number };
        for (const s of d.statuses ?? []) {
          out.push({ context: str(s.context), state: str(s.state), url: str(s.target_url) });
        }
        if ((d.statuses ?? []).length < 100 || out.length >= (d.total_count ?? 0)) break;
      }
      return out;
    },
    async defaultBranch() {
      if (defaultBranch) return defaultBranch;
      const { data } = await request("GET /repos/{owner}/{repo}", { owner, repo: name });
      defaultBranch = (data as { default_branch: string }).default_branch;
      return defaultBranch;
    },
    async requiredChecks(branch) {
      const contexts = new Set<string>();
      const sources: string[] = [];
      try {
        const { data } = await request(
          "GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks",
          { owner, repo: name, branch },
        );
        const d = data as { contexts?: string[]; checks?: { context: string }[] };
        for (const c of d.contexts ?? []) contexts.add(c);
        for (const c of d.checks ?? []) contexts.add(c.context);
        sources.push("branch protection");
      } catch (error) {
        if (error instanceof GitHubApiError && error.status === 403) {
          // Classic branch protection needs Administration: read; the checks rule then waits for every check.
          return { contexts: [], sources: [], unreadable: true };
        }
        if (!(error instanceof NotFoundError)) throw error;
      }
      const rules = await pages("GET /repos/{owner}/{repo}/rules/branches/{branch}", { branch }, asRows, (r) => r);
      for (const rule of rules) {
        if (rule.type !== "required_status_checks") continue;
        const params = rule.parameters as { required_status_checks?: { context: string }[] } | undefined;
        for (const c of params?.required_status_checks ?? []) contexts.add(c.context);
        if (!sources.includes("rulesets")) sources.push("rulesets");
      }
      return { contexts: [...contexts].sort(), sources };
    },
    async workflowRunCheckSuite(runId) {
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
          owner,
          repo: name,
          run_id: runId,
        });
        return (data as { check_suite_id?: number }).check_suite_id;
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async overrideLabel(sha, label) {
      const { data: pulls } = await request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
        owner,
        repo: name,
        commit_sha: sha,
      });
      for (const pull of pulls as { number: number; html_url: string; labels?: { name: string }[] }[]) {
        if (!(pull.labels ?? []).some((l) => l.name.toLowerCase() === label.toLowerCase())) continue;
        const { data: events } = await request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", {
          ...base,
          issue_number: pull.number,
        });
        // The latest `labeled` event names who used the override (GitHub keeps the actor, not the label's).
        const labeled = (events as { event: string; label?: { name: string }; actor?: { login: string } | null }[])
          .filter((e) => e.event === "labeled" && e.label?.name.toLowerCase() === label.toLowerCase())
          .pop();
        return {
          by: labeled?.actor?.login ?? "unknown",
          source: "label" as const,
          reason: `label on #${pull.number}`,
          url: pull.html_url,
        };
      }
      return undefined;
    },
    async addDeploymentStatus(deploymentId, status) {
      await request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
        owner,
        repo: name,
        deployment_id: deploymentId,
        state: status.state,
        description: status.description,
        auto_inactive: false,
        ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
        ...(status.logUrl ? { log_url: status.logUrl } : {}),
      });
    },
    calls: () => calls,
  };
}
