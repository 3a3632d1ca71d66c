// Check runs and commit statuses.
import type { Handler, RouteContext } from "../context.js";
import { HttpError, notFound } from "../context.js";
import type { CheckRunRecord, RepoRecord } from "../state.js";

type Body = Record<string, unknown>;

function applyCheckBody(ctx: RouteContext, run: CheckRunRecord, body: Body): void {
  if (typeof body.name === "string") run.name = body.name;
  if (typeof body.details_url === "string") run.detailsUrl = body.details_url;
  if (typeof body.external_id === "string") run.externalId = body.external_id;
  if (typeof body.started_at === "string") run.startedAt = body.started_at;
  if (typeof body.status === "string") run.status = body.status as CheckRunRecord["status"];
  if (typeof body.conclusion === "string") {
    run.conclusion = body.conclusion;
    // GitHub marks a run completed as soon as it gets a conclusion.
    run.status = "completed";
  }
  if (run.status === "completed") {
    if (!run.conclusion)
      throw new HttpError(422, "Invalid request.\n\nconclusion is required when status is completed.");
    run.completedAt = typeof body.completed_at === "string" ? body.completed_at : (run.completedAt ?? ctx.state.now());
  }
  const output = body.output as Body | undefined;
  if (output) {
    run.output.title = typeof output.title === "string" ? output.title : run.output.title;
    run.output.summary = typeof output.summary === "string" ? output.summary : run.output.summary;
    run.output.text = typeof output.text === "string" ? output.text : run.output.text;
    if (Array.isArray(output.annotations)) {
      run.annotations.push(...output.annotations);
      run.output.annotationsCount = run.annotations.length;
    }
  }
}

const createCheckRun: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const sha = ctx.state.resolveRef(repo, String(body.head_sha));
  if (!sha || sha !== body.head_sha) throw new HttpError(422, `No commit found for SHA: ${String(body.head_sha)}`);
  const run = ctx.state.addCheckRun(`${repo.owner}/${repo.name}`, { name: String(body.name), headSha: sha });
  applyCheckBody(ctx, run, body);
  return { status: 201, body: ctx.ser.checkRun(repo, run) };
};

function findRun(repo: RepoRecord, id: string): CheckRunRecord {
  const run = repo.checkRuns.find((r) => r.id === Number(id));
  if (!run) throw notFound();
  return run;
}

const getCheckRun: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.checkRun(repo, findRun(repo, ctx.params.check_run_id!)) };
};

const updateCheckRun: Handler = (ctx) => {
  const repo = ctx.repo();
  const run = findRun(repo, ctx.params.check_run_id!);
  applyCheckBody(ctx, run, ctx.body as Body);
  return { status: 200, body: ctx.ser.checkRun(repo, run) };
};

const listForRef: Handler = (ctx) => {
  const repo = ctx.repo();
  const sha = ctx.state.resolveRef(repo, ctx.params.ref!);
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`);
  let runs = repo.checkRuns.filter((r) => r.headSha === sha);
  if (typeof ctx.query.check_name === "string") runs = runs.filter((r) => r.name === ctx.query.check_name);
  if (typeof ctx.query.status === "string") runs = runs.filter((r) => r.status === ctx.query.status);
  if (ctx.query.filter !== "all") {
    // `filter=latest` (the default) keeps the most recent run of each name.
    const latest = new Map<string, CheckRunRecord>();
    for (const run of runs) latest.set(run.name, run);
    runs = [...latest.values()];
  }
  const list = runs.sort((a, b) => b.id - a.id).map((r) => ctx.ser.checkRun(repo, r));
  return { status: 200, list, wrap: (page, total) => ({ total_count: total, check_runs: page }) };
};

const createStatus: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const sha = ctx.params.sha!;
  if (!repo.commits.has(sha)) throw new HttpError(422, `No commit found for SHA: ${sha}`);
  const status = ctx.state.addStatus(`${repo.owner}/${repo.name}`, {
    sha,
    state: body.state as "error" | "failure" | "pending" | "success",
    ...(typeof body.context === "string" ? { context: body.context } : {}),
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    ...(typeof body.target_url === "string" ? { targetUrl: body.target_url } : {}),
  });
  status.creator = ctx.auth.login;
  return { status: 201, body: ctx.ser.status(repo, status) };
};

const listStatuses: Handler = (ctx) => {
  const repo = ctx.repo();
  const sha = ctx.state.resolveRef(repo, ctx.params.ref!);
  if (!sha) throw notFound();
  const list = repo.statuses
    .filter((s) => s.sha === sha)
    .reverse()
    .map((s) => ctx.ser.status(repo, s));
  return { status: 200, list };
};

const combinedStatus: Handler = (ctx) => {
  const repo = ctx.repo();
  const sha = ctx.state.resolveRef(repo, ctx.params.ref!);
  if (!sha) throw notFound();
  const latest = new Map<string, (typeof repo.statuses)[number]>();
  for (const s of repo.statuses.filter((s) => s.sha === sha)) latest.set(s.context, s);
  const statuses = [...latest.values()];
  const state = statuses.some((s) => s.state === "error" || s.state === "failure")
    ? "failure"
    : statuses.length === 0 || statuses.some((s) => s.state === "pending")
      ? "pending"
      : "success";
  const perPage = Math.min(100, Number(ctx.query.per_page ?? 30));
  const page = Number(ctx.query.page ?? 1);
  return {
    status: 200,
    body: {
      state,
      statuses: statuses.slice((page - 1) * perPage, page * perPage).map((s) => {
        const { creator: _creator, ...rest } = ctx.ser.status(repo, s);
        return rest;
      }),
      sha,
      total_count: statuses.length,
      repository: ctx.ser.repository(repo, false),
      commit_url: `${ctx.ser.repoUrl(repo)}/commits/${sha}`,
      url: `${ctx.ser.repoUrl(repo)}/commits/${sha}/status`,
    },
  };
};

/** Check run and commit status routes by `METHOD /template`. */
export const checkRoutes: Record<string, Handler> = {
  "POST /repos/{owner}/{repo}/check-runs": createCheckRun,
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}": getCheckRun,
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": updateCheckRun,
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": listForRef,
  "POST /repos/{owner}/{repo}/statuses/{sha}": createStatus,
  "GET /repos/{owner}/{repo}/commits/{ref}/statuses": listStatuses,
  "GET /repos/{owner}/{repo}/commits/{ref}/status": combinedStatus,
};
