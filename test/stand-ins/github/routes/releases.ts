// Releases.
import type { Handler } from "../context.js";
import { notFound, validationFailed } from "../context.js";
import type { ReleaseRecord, RepoRecord } from "../state.js";

type Body = Record<string, unknown>;

function newestFirst(a: ReleaseRecord, b: ReleaseRecord): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id;
}

function visible(ctx: { auth: { kind: string } }, repo: RepoRecord): ReleaseRecord[] {
  // Drafts are only shown to callers with push access; every token of the stand-in has it unless anonymous.
  return repo.releases.filter((r) => !r.draft || ctx.auth.kind !== "anonymous");
}

const listReleases: Handler = (ctx) => {
  const repo = ctx.repo();
  return {
    status: 200,
    list: visible(ctx, repo)
      .sort(newestFirst)
      .map((r) => ctx.ser.release(repo, r)),
  };
};

const createRelease: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const tagName = String(body.tag_name);
  if (repo.releases.some((r) => r.tagName === tagName)) throw validationFailed("Release", "tag_name", "already_exists");
  const target = typeof body.target_commitish === "string" ? body.target_commitish : repo.defaultBranch;
  if (!repo.tags.has(tagName)) {
    if (!ctx.state.resolveRef(repo, target)) throw validationFailed("Release", "target_commitish", "invalid");
    ctx.state.addTag(`${repo.owner}/${repo.name}`, tagName, target);
  }
  const release = ctx.state.addRelease(`${repo.owner}/${repo.name}`, {
    tagName,
    ...(typeof body.name === "string" ? { name: body.name } : {}),
    ...(typeof body.body === "string" ? { body: body.body } : {}),
    draft: body.draft === true,
    prerelease: body.prerelease === true,
  });
  release.targetCommitish = target;
  release.author = ctx.auth.login;
  return { status: 201, body: ctx.ser.release(repo, release) };
};

const latestRelease: Handler = (ctx) => {
  const repo = ctx.repo();
  const latest = repo.releases
    .filter((r) => !r.draft && !r.prerelease)
    .sort((a, b) => Date.parse(b.publishedAt ?? "0") - Date.parse(a.publishedAt ?? "0") || b.id - a.id)[0];
  if (!latest) throw notFound();
  return { status: 200, body: ctx.ser.release(repo, latest) };
};

const releaseByTag: Handler = (ctx) => {
  const repo = ctx.repo();
  const release = visible(ctx, repo).find((r) => r.tagName === ctx.params.tag);
  if (!release) throw notFound();
  return { status: 200, body: ctx.ser.release(repo, release) };
};

const releaseById: Handler = (ctx) => {
  const repo = ctx.repo();
  const release = visible(ctx, repo).find((r) => r.id === Number(ctx.params.release_id));
  if (!release) throw notFound();
  return { status: 200, body: ctx.ser.release(repo, release) };
};

/** Release routes by `METHOD /template`. */
export const releaseRoutes: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/releases": listReleases,
  "POST /repos/{owner}/{repo}/releases": createRelease,
  "GET /repos/{owner}/{repo}/releases/latest": latestRelease,
  "GET /repos/{owner}/{repo}/releases/tags/{tag}": releaseByTag,
  "GET /repos/{owner}/{repo}/releases/{release_id}": releaseById,
};
