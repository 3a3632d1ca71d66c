// Staging gate routes (issue 11): required checks from branch protection and rulesets, workflow runs and their
// pending deployments (the App recovers waiting protection rule requests from them), pull requests of a commit
// and issue events (who added a freeze override label). State lives beside the repository record, seeded
// with the helpers below, so state.ts stays untouched.
import type { Handler, RouteContext } from "../context.js";
import { HttpError, notFound } from "../context.js";
import type { RepoRecord, StandInState } from "../state.js";

/** A workflow run as the gate sees it: waiting runs carry the environments still waiting for a protection rule. */
export interface WorkflowRunRecord {
  id: number;
  name: string;
  headSha: string;
  headBranch: string;
  event: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  checkSuiteId: number;
  /** Environments whose deployment waits for a custom protection rule (names, as in the workflow). */
  waitingFor: string[];
  createdAt: string;
}

/** A label event on an issue or pull request. */
export interface LabelEventRecord {
  id: number;
  issueNumber: number;
  label: string;
  actor: string;
  event: "labeled" | "unlabeled";
  createdAt: string;
}

/** Gate-related state of one repository. */
export interface GateRepoState {
  /** Branch protection's required status checks, per branch (absent: branch not protected). */
  protection: Map<string, string[]>;
  /** Rulesets' required status checks, per branch. */
  rulesets: Map<string, string[]>;
  runs: WorkflowRunRecord[];
  labelEvents: LabelEventRecord[];
}

const gateStates = new WeakMap<RepoRecord, GateRepoState>();

/** The gate state of a repository (created empty on first use). */
export function gateState(repo: RepoRecord): GateRepoState {
  let s = gateStates.get(repo);
  if (!s) {
    s = { protection: new Map(), rulesets: new Map(), runs: [], labelEvents: [] };
    gateStates.set(repo, s);
  }
  return s;
}

/** Adds a workflow run of `headSha`; with `waitingFor`, it waits for those environments' protection rules. */
export function addWorkflowRun(
  state: StandInState,
  fullName: string,
  seed: {
    headSha: string;
    headBranch?: string;
    name?: string;
    waitingFor?: string[];
    status?: WorkflowRunRecord["status"];
  },
): WorkflowRunRecord {
  const repo = state.repo(fullName);
  const id = state.nextId();
  const run: WorkflowRunRecord = {
    id,
    name: seed.name ?? "deploy",
    headSha: seed.headSha,
    headBranch: seed.headBranch ?? repo.defaultBranch,
    event: "push",
    status: seed.status ?? (seed.waitingFor?.length ? "waiting" : "in_progress"),
    conclusion: null,
    checkSuiteId: state.nextId(),
    waitingFor: seed.waitingFor ?? [],
    createdAt: state.now(),
  };
  gateState(repo).runs.push(run);
  return run;
}

/** Records that `actor` labeled issue/PR `issueNumber` (and adds the label to it). */
export function addLabelEvent(
  state: StandInState,
  fullName: string,
  issueNumber: number,
  label: string,
  actor: string,
) {
  const repo = state.repo(fullName);
  const issue = repo.issues.find((i) => i.number === issueNumber);
  if (!issue) throw new Error(`stand-in: ${fullName} has no issue ${issueNumber}`);
  if (!issue.labels.includes(label)) issue.labels.push(label);
  gateState(repo).labelEvents.push({
    id: state.nextId(),
    issueNumber,
    label,
    actor,
    event: "labeled",
    createdAt: state.now(),
  });
}

function minimalCommit(repo: RepoRecord, sha: string): Record<string, unknown> | null {
  const c = repo.commits.get(sha);
  if (!c) return null;
  const who = { name: c.author.name, email: c.author.email };
  return { id: sha, tree_id: sha, message: c.message, timestamp: c.date, author: who, committer: who };
}

function workflowRun(ctx: RouteContext, repo: RepoRecord, run: WorkflowRunRecord): Record<string, unknown> {
  const url = `${ctx.ser.repoUrl(repo)}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: run.name,
    node_id: `WFR_${run.id}`,
    check_suite_id: run.checkSuiteId,
    head_branch: run.headBranch,
    run_number: run.id,
    display_title: run.name,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    head_sha: run.headSha,
    path: `.github/workflows/${run.name}.yml`,
    workflow_id: 1,
    url,
    html_url: `${ctx.ser.repoHtml(repo)}/actions/runs/${run.id}`,
    created_at: run.createdAt,
    updated_at: run.createdAt,
    head_commit: minimalCommit(repo, run.headSha),
    head_repository: ctx.ser.repository(repo, false),
    repository: ctx.ser.repository(repo, false),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.ser.repoUrl(repo)}/check-suites/${run.checkSuiteId}`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    artifacts_url: `${url}/artifacts`,
    workflow_url: `${ctx.ser.repoUrl(repo)}/actions/workflows/1`,
    pull_requests: [],
  };
}

function findRun(repo: RepoRecord, id: string | undefined): WorkflowRunRecord {
  const run = gateState(repo).runs.find((r) => r.id === Number(id));
  if (!run) throw notFound();
  return run;
}

const requiredStatusChecks: Handler = (ctx) => {
  const repo = ctx.repo();
  const branch = ctx.params.branch!;
  const contexts = gateState(repo).protection.get(branch);
  if (!contexts) throw new HttpError(404, "Branch not protected");
  const url = `${ctx.ser.repoUrl(repo)}/branches/${branch}/protection/required_status_checks`;
  return {
    status: 200,
    body: {
      url,
      strict: false,
      contexts,
      checks: contexts.map((context) => ({ context, app_id: null })),
      contexts_url: `${url}/contexts`,
    },
  };
};

const branchRules: Handler = (ctx) => {
  const repo = ctx.repo();
  const contexts = gateState(repo).rulesets.get(ctx.params.branch!) ?? [];
  const list = contexts.length
    ? [
        {
          type: "required_status_checks",
          parameters: {
            required_status_checks: contexts.map((context) => ({ context })),
            strict_required_status_checks_policy: false,
          },
          ruleset_source_type: "Repository",
          ruleset_source: `${repo.owner}/${repo.name}`,
          ruleset_id: 1,
        },
      ]
    : [];
  return { status: 200, list };
};

const getRun: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: workflowRun(ctx, repo, findRun(repo, ctx.params.run_id)) };
};

const listRuns: Handler = (ctx) => {
  const repo = ctx.repo();
  const list = gateState(repo)
    .runs.filter((r) => ctx.query.status === undefined || r.status === ctx.query.status)
    .filter((r) => ctx.query.head_sha === undefined || r.headSha === ctx.query.head_sha)
    .sort((a, b) => b.id - a.id)
    .map((r) => workflowRun(ctx, repo, r));
  return { status: 200, list, wrap: (page, total) => ({ total_count: total, workflow_runs: page }) };
};

const pendingDeployments: Handler = (ctx) => {
  const repo = ctx.repo();
  const run = findRun(repo, ctx.params.run_id);
  const body = run.waitingFor.map((name) => {
    const env = repo.environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
    const id = env?.id ?? 0;
    return {
      environment: {
        id,
        node_id: `EN_${id}`,
        name,
        url: `${ctx.ser.repoUrl(repo)}/environments/${encodeURIComponent(name)}`,
        html_url: `${ctx.ser.repoHtml(repo)}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
      },
      wait_timer: 0,
      wait_timer_started_at: null,
      current_user_can_approve: false,
      reviewers: [],
    };
  });
  return { status: 200, body };
};

const pullsOfCommit: Handler = (ctx) => {
  const repo = ctx.repo();
  const sha = ctx.params.commit_sha!;
  const list = repo.issues.filter((i) => i.pull && i.pull.head.sha === sha).map((i) => ctx.ser.pull(repo, i));
  return { status: 200, list };
};

const issueEvents: Handler = (ctx) => {
  const repo = ctx.repo();
  const n = Number(ctx.params.issue_number);
  if (!repo.issues.some((i) => i.number === n)) throw notFound();
  const list = gateState(repo)
    .labelEvents.filter((e) => e.issueNumber === n)
    .map((e) => ({
      id: e.id,
      node_id: `LE_${e.id}`,
      url: `${ctx.ser.repoUrl(repo)}/issues/events/${e.id}`,
      actor: ctx.ser.user(e.actor),
      event: e.event,
      commit_id: null,
      commit_url: null,
      created_at: e.createdAt,
      performed_via_github_app: null,
      label: { name: e.label, color: "ededed" },
    }));
  return { status: 200, list };
};

/** Gate routes by `METHOD /template`. */
export const gateRoutes: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks": requiredStatusChecks,
  "GET /repos/{owner}/{repo}/rules/branches/{branch}": branchRules,
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}": getRun,
  "GET /repos/{owner}/{repo}/actions/runs": listRuns,
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments": pendingDeployments,
  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": pullsOfCommit,
  "GET /repos/{owner}/{repo}/issues/{issue_number}/events": issueEvents,
};
