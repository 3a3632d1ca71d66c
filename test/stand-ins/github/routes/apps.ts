// The GitHub App side (installations and installation tokens), collaborator permissions and /rate_limit.
import { randomBytes } from "node:crypto";
import type { Handler } from "../context.js";
import { HttpError, notFound } from "../context.js";
import type { PermissionLevel } from "../state.js";

type Body = Record<string, unknown>;

const getApp: Handler = (ctx) => ({ status: 200, body: ctx.ser.app() });

const listInstallations: Handler = (ctx) => {
  const list = [...ctx.state.installations.values()].map((inst) => {
    const json = ctx.ser.installation(inst);
    const account = json.account as Record<string, unknown>;
    // GitHub's description types this list's account as user AND enterprise (allOf), so it carries both shapes.
    json.account = {
      ...account,
      name: inst.account,
      slug: inst.account.toLowerCase(),
      description: null,
      website_url: null,
      created_at: inst.createdAt,
      updated_at: inst.createdAt,
    };
    return json;
  });
  return { status: 200, list };
};

const getInstallation: Handler = (ctx) => {
  const inst = ctx.state.installations.get(Number(ctx.params.installation_id));
  if (!inst) throw notFound();
  return { status: 200, body: ctx.ser.installation(inst) };
};

const getRepoInstallation: Handler = (ctx) => {
  const repo = ctx.repo();
  const inst = [...ctx.state.installations.values()].find((i) =>
    ctx.state.installationRepos(i).some((r) => r.id === repo.id),
  );
  if (!inst) throw notFound();
  return { status: 200, body: ctx.ser.installation(inst) };
};

const createAccessToken: Handler = (ctx) => {
  const inst = ctx.state.installations.get(Number(ctx.params.installation_id));
  if (!inst) throw notFound();
  if (inst.suspendedAt) throw new HttpError(403, "This installation has been suspended");
  const body = ctx.body as Body;
  let repos = ctx.state.installationRepos(inst);
  const names = Array.isArray(body.repositories) ? (body.repositories as string[]) : undefined;
  const ids = Array.isArray(body.repository_ids) ? (body.repository_ids as number[]) : undefined;
  if (names || ids) {
    const wanted = repos.filter(
      (r) => names?.some((n) => n.toLowerCase() === r.name.toLowerCase()) || ids?.includes(r.id),
    );
    if (wanted.length !== (names?.length ?? 0) + (ids?.length ?? 0)) {
      throw new HttpError(
        422,
        "There is at least one repository that does not exist or is not accessible to the parent installation.",
      );
    }
    repos = wanted;
  }
  const token = `ghs_${randomBytes(18).toString("base64url")}`;
  const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  ctx.state.tokens.set(token, {
    kind: "installation",
    login: `${ctx.state.app.slug}[bot]`,
    installationId: inst.id,
    expiresAt,
    revoked: false,
    repositories: repos.map((r) => `${r.owner}/${r.name}`),
  });
  ctx.state.user(`${ctx.state.app.slug}[bot]`);
  const selection = names || ids ? "selected" : inst.repositorySelection;
  return {
    status: 201,
    body: {
      token,
      expires_at: expiresAt,
      permissions: (body.permissions as Record<string, string> | undefined) ?? inst.permissions,
      repository_selection: selection,
      ...(selection === "selected" ? { repositories: repos.map((r) => ctx.ser.repository(r, false)) } : {}),
    },
  };
};

const listInstallationRepos: Handler = (ctx) => {
  if (ctx.auth.kind !== "installation" || ctx.auth.installationId === undefined) {
    throw new HttpError(
      403,
      "You must authenticate with an installation access token in order to list repositories for an installation.",
    );
  }
  const inst = ctx.state.installations.get(ctx.auth.installationId);
  if (!inst) throw notFound();
  const allowed = ctx.auth.repositories;
  const repos = ctx.state
    .installationRepos(inst)
    .filter((r) => !allowed || allowed.has(`${r.owner}/${r.name}`.toLowerCase()))
    .map((r) => ctx.ser.repository(r, false));
  return {
    status: 200,
    list: repos,
    wrap: (page, total) => ({ total_count: total, repository_selection: inst.repositorySelection, repositories: page }),
  };
};

// GitHub's legacy `permission` field folds the five roles into admin/write/read.
const LEGACY: Record<PermissionLevel, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

const collaboratorPermission: Handler = (ctx) => {
  const repo = ctx.repo();
  const login = ctx.params.username!;
  const entry = [...repo.collaborators.entries()].find(([l]) => l.toLowerCase() === login.toLowerCase());
  if (!entry && !ctx.state.users.has(login)) {
    throw new HttpError(404, `${login} is not a user`);
  }
  const level = entry?.[1];
  const permission = level ? LEGACY[level] : repo.private ? "none" : "read";
  const roleName = level ?? (repo.private ? "none" : "read");
  const rank = ["read", "triage", "write", "maintain", "admin"].indexOf(level ?? (repo.private ? "" : "read"));
  return {
    status: 200,
    body: {
      permission,
      role_name: roleName,
      user: {
        ...ctx.ser.user(entry?.[0] ?? login),
        permissions: {
          pull: rank >= 0,
          triage: rank >= 1,
          push: rank >= 2,
          maintain: rank >= 3,
          admin: rank >= 4,
        },
        role_name: roleName,
      },
    },
  };
};

const rateLimit: Handler = (ctx) => {
  const snap = ctx.state.rateLimitSnapshot?.(ctx.auth.token);
  if (!snap) throw notFound();
  return { status: 200, body: { resources: snap, rate: snap.core } };
};

/** App, installation, collaborator and rate limit routes by `METHOD /template`. */
export const appRoutes: Record<string, Handler> = {
  "GET /app": getApp,
  "GET /app/installations": listInstallations,
  "GET /app/installations/{installation_id}": getInstallation,
  "GET /repos/{owner}/{repo}/installation": getRepoInstallation,
  "POST /app/installations/{installation_id}/access_tokens": createAccessToken,
  "GET /installation/repositories": listInstallationRepos,
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": collaboratorPermission,
  "GET /rate_limit": rateLimit,
};
