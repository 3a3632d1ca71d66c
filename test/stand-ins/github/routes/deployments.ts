// Deployments, deployment statuses, environments and the deployment protection rule callback.
import type { Handler } from "../context.js";
import { HttpError, notFound } from "../context.js";
import type { DeploymentRecord, DeploymentStatusRecord, RepoRecord } from "../state.js";

type Body = Record<string, unknown>;

function findDeployment(repo: RepoRecord, id: string): DeploymentRecord {
  const deployment = repo.deployments.find((d) => d.id === Number(id));
  if (!deployment) throw notFound();
  return deployment;
}

const listDeployments: Handler = (ctx) => {
  const repo = ctx.repo();
  const q = ctx.query;
  const list = repo.deployments
    .filter((d) => q.sha === undefined || d.sha === q.sha)
    .filter((d) => q.ref === undefined || d.ref === q.ref)
    .filter((d) => q.task === undefined || d.task === q.task)
    .filter((d) => q.environment === undefined || d.environment === q.environment)
    .sort((a, b) => b.id - a.id)
    .map((d) => ctx.ser.deployment(repo, d));
  return { status: 200, list };
};

const createDeployment: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const ref = String(body.ref);
  const sha = ctx.state.resolveRef(repo, ref);
  if (!sha) throw new HttpError(422, `No ref found for: ${ref}`);
  // GitHub refuses a deployment whose required commit statuses are not all successful (all contexts by default).
  const latest = new Map<string, string>();
  for (const s of repo.statuses.filter((s) => s.sha === sha)) latest.set(s.context, s.state);
  const required = Array.isArray(body.required_contexts) ? (body.required_contexts as string[]) : [...latest.keys()];
  const failing = required.filter((c) => latest.get(c) !== "success");
  if (failing.length > 0) {
    throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, [
      { resource: "Deployment", field: "required_contexts", code: "invalid" },
    ]);
  }
  const deployment = ctx.state.addDeployment(`${repo.owner}/${repo.name}`, {
    ref,
    ...(typeof body.environment === "string" ? { environment: body.environment } : {}),
    ...(typeof body.task === "string" ? { task: body.task } : {}),
    ...(typeof body.description === "string" ? { description: body.description } : {}),
  });
  if (body.payload !== undefined) deployment.payload = body.payload as DeploymentRecord["payload"];
  if (typeof body.transient_environment === "boolean") deployment.transientEnvironment = body.transient_environment;
  if (typeof body.production_environment === "boolean") deployment.productionEnvironment = body.production_environment;
  deployment.creator = ctx.auth.login;
  return { status: 201, body: ctx.ser.deployment(repo, deployment) };
};

const getDeployment: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.deployment(repo, findDeployment(repo, ctx.params.deployment_id!)) };
};

const listDeploymentStatuses: Handler = (ctx) => {
  const repo = ctx.repo();
  const deployment = findDeployment(repo, ctx.params.deployment_id!);
  return { status: 200, list: deployment.statuses.map((s) => ctx.ser.deploymentStatus(repo, deployment, s)) };
};

const createDeploymentStatus: Handler = (ctx) => {
  const repo = ctx.repo();
  const deployment = findDeployment(repo, ctx.params.deployment_id!);
  const body = ctx.body as Body;
  if (typeof body.environment === "string") deployment.environment = body.environment;
  const state = body.state as DeploymentStatusRecord["state"];
  const status = ctx.state.addDeploymentStatus(`${repo.owner}/${repo.name}`, deployment.id, {
    state,
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    ...(typeof body.environment_url === "string" ? { environmentUrl: body.environment_url } : {}),
    ...(typeof body.log_url === "string" ? { logUrl: body.log_url } : {}),
  });
  if (typeof body.target_url === "string" && body.log_url === undefined) status.targetUrl = body.target_url;
  status.creator = ctx.auth.login;
  // auto_inactive (default true): a success marks earlier non-transient deployments of the environment inactive.
  if (state === "success" && body.auto_inactive !== false) {
    for (const other of repo.deployments) {
      if (other === deployment || other.environment !== deployment.environment || other.transientEnvironment) continue;
      if (other.statuses[0]?.state === "success") {
        ctx.state.addDeploymentStatus(`${repo.owner}/${repo.name}`, other.id, { state: "inactive" });
      }
    }
  }
  return { status: 201, body: ctx.ser.deploymentStatus(repo, deployment, status) };
};

const listEnvironments: Handler = (ctx) => {
  const repo = ctx.repo();
  const list = [...repo.environments]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => ctx.ser.environment(repo, e));
  return { status: 200, list, wrap: (page, total) => ({ total_count: total, environments: page }) };
};

const getEnvironment: Handler = (ctx) => {
  const repo = ctx.repo();
  const env = repo.environments.find((e) => e.name.toLowerCase() === ctx.params.environment_name!.toLowerCase());
  if (!env) throw notFound();
  return { status: 200, body: ctx.ser.environment(repo, env) };
};

const reviewCustomGate: Handler = (ctx) => {
  const repo = ctx.repo();
  if (ctx.auth.kind !== "installation") {
    throw new HttpError(403, "Resource not accessible by personal access token");
  }
  const body = ctx.body as { environment_name: string; state?: "approved" | "rejected"; comment?: string };
  const runId = Number(ctx.params.run_id);
  if (body.state) {
    const decided = repo.protectionReviews.some(
      (r) => r.runId === runId && r.environmentName === body.environment_name && r.state !== undefined,
    );
    if (decided) throw new HttpError(422, "No pending deployment requests to approve or reject");
  }
  repo.protectionReviews.push({
    runId,
    environmentName: body.environment_name,
    state: body.state,
    comment: body.comment,
    token: ctx.auth.token ?? "",
    at: ctx.state.now(),
  });
  return { status: 204 };
};

/** Deployment, environment and protection rule routes by `METHOD /template`. */
export const deploymentRoutes: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/deployments": listDeployments,
  "POST /repos/{owner}/{repo}/deployments": createDeployment,
  "GET /repos/{owner}/{repo}/deployments/{deployment_id}": getDeployment,
  "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": listDeploymentStatuses,
  "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": createDeploymentStatus,
  "GET /repos/{owner}/{repo}/environments": listEnvironments,
  "GET /repos/{owner}/{repo}/environments/{environment_name}": getEnvironment,
  "POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule": reviewCustomGate,
};
