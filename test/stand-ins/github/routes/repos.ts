// Repositories, contents, commits, compare, branches, git refs, tags and pull requests.
import type { Handler, RouteContext } from "../context.js";
import { HttpError, notFound, validationFailed } from "../context.js";
import { blobSha, type CommitRecord, type RepoRecord } from "../state.js";

type Body = Record<string, unknown>;

function commitAt(ctx: RouteContext, repo: RepoRecord, ref: string): CommitRecord {
  const sha = ctx.state.resolveRef(repo, ref);
  const commit = sha ? repo.commits.get(sha) : undefined;
  if (!commit) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return commit;
}

const getRepo: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.repository(repo) };
};

function contentEntry(ctx: RouteContext, repo: RepoRecord, commit: CommitRecord, path: string, type: "file" | "dir") {
  const bytes = commit.tree.get(path);
  const sha = bytes ? blobSha(bytes) : blobSha(new TextEncoder().encode(`tree:${path}`));
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const url = `${ctx.ser.repoUrl(repo)}/contents/${encoded}?ref=${commit.sha}`;
  const html = `${ctx.ser.repoHtml(repo)}/${type === "file" ? "blob" : "tree"}/${commit.sha}/${encoded}`;
  const gitUrl = `${ctx.ser.repoUrl(repo)}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
  return {
    type,
    size: bytes?.length ?? 0,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: html,
    download_url: type === "file" ? `${ctx.ser.repoHtml(repo)}/raw/${commit.sha}/${encoded}` : null,
    _links: { self: url, git: gitUrl, html },
  };
}

const getContent: Handler = (ctx) => {
  const repo = ctx.repo();
  const ref = typeof ctx.query.ref === "string" ? ctx.query.ref : repo.defaultBranch;
  const sha = ctx.state.resolveRef(repo, ref);
  const commit = sha ? repo.commits.get(sha) : undefined;
  if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const bytes = commit.tree.get(path);
  const accept = String(ctx.headers.accept ?? "");
  if (bytes) {
    if (/\.raw\b|vnd\.github\.raw/.test(accept)) return { status: 200, raw: Buffer.from(bytes) };
    const b64 = Buffer.from(bytes).toString("base64");
    // GitHub wraps base64 content at 60 characters per line.
    const content = `${b64.replace(/.{60}/g, "$&\n")}${b64.length % 60 === 0 && b64.length > 0 ? "" : "\n"}`;
    return {
      status: 200,
      body: { ...contentEntry(ctx, repo, commit, path, "file"), content, encoding: "base64" },
    };
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const file of commit.tree.keys()) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const [head, ...tail] = rest.split("/");
    children.set(`${prefix}${head}`, tail.length > 0 ? "dir" : "file");
  }
  if (children.size === 0) throw notFound();
  const list = [...children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, type]) => contentEntry(ctx, repo, commit, p, type));
  return { status: 200, body: list };
};

const putContent: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const branch = typeof body.branch === "string" ? body.branch : repo.defaultBranch;
  const path = ctx.params.path!.replace(/^\/+/, "");
  const headSha = repo.branches.get(branch);
  if (!headSha) throw notFound();
  const existing = repo.commits.get(headSha)?.tree.get(path);
  if (existing && body.sha !== blobSha(existing)) {
    throw new HttpError(409, `${path} does not match ${String(body.sha ?? "")}`);
  }
  if (!existing && body.sha !== undefined) throw new HttpError(409, `${path} does not exist`);
  const bytes = Buffer.from(String(body.content), "base64");
  const commit = ctx.state.addCommit(`${repo.owner}/${repo.name}`, {
    branch,
    message: String(body.message),
    files: { [path]: new Uint8Array(bytes) },
  });
  const entry = { ...contentEntry(ctx, repo, commit, path, "file") };
  const c = ctx.ser.commit(repo, commit);
  const inner = c.commit as Record<string, unknown>;
  return {
    status: existing ? 200 : 201,
    body: {
      content: entry,
      commit: {
        sha: commit.sha,
        node_id: c.node_id,
        url: inner.url,
        html_url: c.html_url,
        author: inner.author,
        committer: inner.committer,
        message: commit.message,
        tree: inner.tree,
        parents: c.parents,
        verification: inner.verification,
      },
    },
  };
};

const listCommits: Handler = (ctx) => {
  const repo = ctx.repo();
  const start = typeof ctx.query.sha === "string" ? ctx.query.sha : repo.defaultBranch;
  const head = ctx.state.resolveRef(repo, start);
  if (!head) throw notFound();
  const since = typeof ctx.query.since === "string" ? Date.parse(ctx.query.since) : undefined;
  const until = typeof ctx.query.until === "string" ? Date.parse(ctx.query.until) : undefined;
  const path = typeof ctx.query.path === "string" ? ctx.query.path.replace(/^\/+/, "") : undefined;
  const list: Record<string, unknown>[] = [];
  let cur: string | undefined = head;
  while (cur) {
    const commit = repo.commits.get(cur);
    if (!commit) break;
    const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : undefined;
    const touches =
      path === undefined ||
      [...new Set([...commit.tree.keys(), ...(parent?.tree.keys() ?? [])])].some((p) => {
        if (p !== path && !p.startsWith(`${path}/`)) return false;
        const a = commit.tree.get(p);
        const b = parent?.tree.get(p);
        return !a || !b || Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0;
      });
    const at = Date.parse(commit.date);
    if (touches && (since === undefined || at >= since) && (until === undefined || at <= until)) {
      if (ctx.query.author === undefined || commit.author.login === ctx.query.author) {
        list.push(ctx.ser.commit(repo, commit));
      }
    }
    cur = commit.parents[0];
  }
  return { status: 200, list };
};

const getCommit: Handler = (ctx) => {
  const repo = ctx.repo();
  const commit = commitAt(ctx, repo, ctx.params.ref!);
  const parent = commit.parents[0] ?? commit.sha;
  const files = commit.parents[0] ? ctx.state.compare(repo, parent, commit.sha).files : [];
  if (!commit.parents[0]) {
    for (const [path, bytes] of commit.tree) {
      const lines = new TextDecoder().decode(bytes).replace(/\n$/, "").split("\n");
      files.push({
        filename: path,
        status: "added",
        additions: lines.length,
        deletions: 0,
        patch: lines.map((l) => `+${l}`).join("\n"),
      });
    }
  }
  return { status: 200, body: ctx.ser.commit(repo, commit, files) };
};

const compare: Handler = (ctx) => {
  const repo = ctx.repo();
  const basehead = ctx.params.basehead ?? "";
  const parts = basehead.split("...");
  if (parts.length !== 2) throw notFound();
  const [baseRef, headRef] = parts as [string, string];
  const baseSha = ctx.state.resolveRef(repo, baseRef);
  const headSha = ctx.state.resolveRef(repo, headRef);
  if (!baseSha || !headSha) throw notFound();
  const result = ctx.state.compare(repo, baseSha, headSha);
  const base = repo.commits.get(baseSha)!;
  const mergeBase = repo.commits.get(result.mergeBase)!;
  const html = `${ctx.ser.repoHtml(repo)}/compare/${basehead}`;
  return {
    status: 200,
    body: {
      url: `${ctx.ser.repoUrl(repo)}/compare/${basehead}`,
      html_url: html,
      permalink_url: `${ctx.ser.repoHtml(repo)}/compare/${repo.owner}:${baseSha.slice(0, 7)}...${repo.owner}:${headSha.slice(0, 7)}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: ctx.ser.commit(repo, base),
      merge_base_commit: ctx.ser.commit(repo, mergeBase),
      status: result.status,
      ahead_by: result.aheadBy,
      behind_by: result.behindBy,
      total_commits: result.commits.length,
      commits: result.commits.map((c) => ctx.ser.commit(repo, c)),
      files: result.files.map((f) => ctx.ser.diffEntry(repo, headSha, f)),
    },
  };
};

function branchJson(ctx: RouteContext, repo: RepoRecord, name: string, sha: string) {
  return {
    name,
    commit: { sha, url: `${ctx.ser.repoUrl(repo)}/commits/${sha}` },
    protected: false,
  };
}

const listBranches: Handler = (ctx) => {
  const repo = ctx.repo();
  const list = [...repo.branches.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, sha]) => branchJson(ctx, repo, name, sha));
  return { status: 200, list };
};

const getBranch: Handler = (ctx) => {
  const repo = ctx.repo();
  const name = ctx.params.branch!;
  const sha = repo.branches.get(name);
  if (!sha) throw new HttpError(404, "Branch not found");
  const url = `${ctx.ser.repoUrl(repo)}/branches/${encodeURIComponent(name)}`;
  return {
    status: 200,
    body: {
      name,
      commit: ctx.ser.commit(repo, repo.commits.get(sha)!),
      _links: { html: `${ctx.ser.repoHtml(repo)}/tree/${name}`, self: url },
      protected: false,
      protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
      protection_url: `${url}/protection`,
    },
  };
};

function refJson(ctx: RouteContext, repo: RepoRecord, ref: string, sha: string) {
  return {
    ref,
    node_id: `REF_${Buffer.from(`${repo.id}:${ref}`).toString("base64url")}`,
    url: `${ctx.ser.repoUrl(repo)}/git/${ref}`,
    object: { type: "commit", sha, url: `${ctx.ser.repoUrl(repo)}/git/commits/${sha}` },
  };
}

function allRefs(repo: RepoRecord): [string, string][] {
  return [
    ...[...repo.branches.entries()].map(([n, sha]): [string, string] => [`refs/heads/${n}`, sha]),
    ...[...repo.tags.entries()].map(([n, sha]): [string, string] => [`refs/tags/${n}`, sha]),
  ].sort(([a], [b]) => a.localeCompare(b));
}

const getRef: Handler = (ctx) => {
  const repo = ctx.repo();
  const wanted = `refs/${ctx.params.ref}`;
  const hit = allRefs(repo).find(([ref]) => ref === wanted);
  if (!hit) throw notFound();
  return { status: 200, body: refJson(ctx, repo, hit[0], hit[1]) };
};

const matchingRefs: Handler = (ctx) => {
  const repo = ctx.repo();
  const prefix = `refs/${ctx.params.ref}`;
  const list = allRefs(repo)
    .filter(([ref]) => ref.startsWith(prefix))
    .map(([ref, sha]) => refJson(ctx, repo, ref, sha));
  return { status: 200, body: list };
};

function setRef(repo: RepoRecord, ref: string, sha: string): void {
  if (ref.startsWith("refs/heads/")) repo.branches.set(ref.slice("refs/heads/".length), sha);
  else if (ref.startsWith("refs/tags/")) repo.tags.set(ref.slice("refs/tags/".length), sha);
  else throw new HttpError(422, "Reference name must start with 'refs/'.");
}

const createRef: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as { ref: string; sha: string };
  if (!repo.commits.has(body.sha)) throw new HttpError(422, "Object does not exist");
  if (allRefs(repo).some(([ref]) => ref === body.ref)) throw new HttpError(422, "Reference already exists");
  setRef(repo, body.ref, body.sha);
  return { status: 201, body: refJson(ctx, repo, body.ref, body.sha) };
};

const updateRef: Handler = (ctx) => {
  const repo = ctx.repo();
  const ref = `refs/${ctx.params.ref}`;
  const body = ctx.body as { sha: string; force?: boolean };
  const current = allRefs(repo).find(([r]) => r === ref);
  if (!current) throw new HttpError(422, "Reference does not exist");
  if (!repo.commits.has(body.sha)) throw new HttpError(422, "Object does not exist");
  if (!body.force && ctx.state.compare(repo, current[1], body.sha).behindBy > 0) {
    throw new HttpError(422, "Update is not a fast forward");
  }
  setRef(repo, ref, body.sha);
  return { status: 200, body: refJson(ctx, repo, ref, body.sha) };
};

const deleteRef: Handler = (ctx) => {
  const repo = ctx.repo();
  const ref = `refs/${ctx.params.ref}`;
  if (ref.startsWith("refs/heads/") && repo.branches.delete(ref.slice(11))) return { status: 204 };
  if (ref.startsWith("refs/tags/") && repo.tags.delete(ref.slice(10))) return { status: 204 };
  throw new HttpError(422, "Reference does not exist");
};

const listTags: Handler = (ctx) => {
  const repo = ctx.repo();
  const list = [...repo.tags.entries()]
    .sort(([, a], [, b]) => Date.parse(repo.commits.get(b)?.date ?? "0") - Date.parse(repo.commits.get(a)?.date ?? "0"))
    .map(([name, sha]) => ({
      name,
      commit: { sha, url: `${ctx.ser.repoUrl(repo)}/commits/${sha}` },
      zipball_url: `${ctx.ser.repoUrl(repo)}/zipball/refs/tags/${encodeURIComponent(name)}`,
      tarball_url: `${ctx.ser.repoUrl(repo)}/tarball/refs/tags/${encodeURIComponent(name)}`,
      node_id: `REF_${Buffer.from(`${repo.id}:refs/tags/${name}`).toString("base64url")}`,
    }));
  return { status: 200, list };
};

function findPull(repo: RepoRecord, number: string) {
  const issue = repo.issues.find((i) => i.number === Number(number) && i.pull);
  if (!issue) throw notFound();
  return issue;
}

const listPulls: Handler = (ctx) => {
  const repo = ctx.repo();
  const state = String(ctx.query.state ?? "open");
  const sign = ctx.query.direction === "asc" || (!ctx.query.direction && ctx.query.sort === "popularity") ? 1 : -1;
  const list = repo.issues
    .filter((i) => i.pull && (state === "all" || i.state === state))
    .filter((i) => ctx.query.base === undefined || i.pull?.base.ref === ctx.query.base)
    .filter((i) => {
      if (ctx.query.head === undefined) return true;
      const head = String(ctx.query.head);
      const ref = head.includes(":") ? head.slice(head.indexOf(":") + 1) : head;
      return i.pull?.head.ref === ref;
    })
    .sort((a, b) => {
      const key = ctx.query.sort === "updated" ? "updatedAt" : "createdAt";
      return (Date.parse(a[key]) - Date.parse(b[key]) || a.number - b.number) * sign;
    })
    .map((i) => {
      const full = ctx.ser.pull(repo, i);
      for (const key of [
        "merged",
        "mergeable",
        "rebaseable",
        "mergeable_state",
        "merged_by",
        "comments",
        "review_comments",
        "maintainer_can_modify",
        "commits",
        "additions",
        "deletions",
        "changed_files",
      ]) {
        delete full[key];
      }
      return full;
    });
  return { status: 200, list };
};

const getPull: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.pull(repo, findPull(repo, ctx.params.pull_number!)) };
};

const createPull: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const head = String(body.head ?? "");
  const headRef = head.includes(":") ? head.slice(head.indexOf(":") + 1) : head;
  const base = String(body.base ?? "");
  if (!repo.branches.has(headRef)) throw validationFailed("PullRequest", "head", "invalid");
  if (!repo.branches.has(base)) throw validationFailed("PullRequest", "base", "invalid");
  if (
    repo.issues.some((i) => i.pull && i.state === "open" && i.pull.head.ref === headRef && i.pull.base.ref === base)
  ) {
    throw new HttpError(422, "Validation Failed", [
      {
        resource: "PullRequest",
        code: "custom",
        message: `A pull request already exists for ${repo.owner}:${headRef}.`,
      },
    ]);
  }
  const issue = ctx.state.addPull(`${repo.owner}/${repo.name}`, {
    title: String(body.title ?? ""),
    body: typeof body.body === "string" ? body.body : null,
    head: headRef,
    base,
    user: ctx.auth.login,
    draft: body.draft === true,
  });
  return { status: 201, body: ctx.ser.pull(repo, issue) };
};

const updatePull: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findPull(repo, ctx.params.pull_number!);
  const body = ctx.body as Body;
  if (typeof body.title === "string") issue.title = body.title;
  if (typeof body.body === "string") issue.body = body.body;
  if (body.state === "open" || body.state === "closed") {
    issue.state = body.state;
    issue.closedAt = body.state === "closed" ? ctx.state.now() : null;
  }
  issue.updatedAt = ctx.state.now();
  return { status: 200, body: ctx.ser.pull(repo, issue) };
};

const listPullFiles: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findPull(repo, ctx.params.pull_number!);
  const pr = issue.pull!;
  return { status: 200, list: pr.files.map((f) => ctx.ser.diffEntry(repo, pr.head.sha, f)) };
};

/** Repository, content, commit, ref and pull request routes by `METHOD /template`. */
export const repoRoutes: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}": getRepo,
  "GET /repos/{owner}/{repo}/contents/{path}": getContent,
  "PUT /repos/{owner}/{repo}/contents/{path}": putContent,
  "GET /repos/{owner}/{repo}/commits": listCommits,
  "GET /repos/{owner}/{repo}/commits/{ref}": getCommit,
  "GET /repos/{owner}/{repo}/compare/{basehead}": compare,
  "GET /repos/{owner}/{repo}/branches": listBranches,
  "GET /repos/{owner}/{repo}/branches/{branch}": getBranch,
  "GET /repos/{owner}/{repo}/git/ref/{ref}": getRef,
  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}": matchingRefs,
  "POST /repos/{owner}/{repo}/git/refs": createRef,
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": updateRef,
  "DELETE /repos/{owner}/{repo}/git/refs/{ref}": deleteRef,
  "GET /repos/{owner}/{repo}/tags": listTags,
  "GET /repos/{owner}/{repo}/pulls": listPulls,
  "POST /repos/{owner}/{repo}/pulls": createPull,
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": getPull,
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": updatePull,
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": listPullFiles,
};
