// The stand-in's world: repositories and everything in them, users, installations, tokens and advisories.
// Records hold only facts; serialize.ts turns them into GitHub's JSON shapes with the server's base URL.
import { createHash } from "node:crypto";

/** Repository permission levels, weakest first (GitHub's `role_name`s for collaborators). */
export type PermissionLevel = "read" | "triage" | "write" | "maintain" | "admin";

/** A file's content: text (stored as UTF-8) or bytes. `null` in a commit deletes the file. */
export type FileContent = string | Uint8Array;

export interface CommitRecord {
  sha: string;
  message: string;
  date: string;
  author: { name: string; email: string; login?: string };
  parents: string[];
  /** Full snapshot of the tree at this commit: path -> bytes. */
  tree: Map<string, Uint8Array>;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface MilestoneRecord {
  id: number;
  number: number;
  title: string;
  description: string | null;
  state: "open" | "closed";
  dueOn: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface IssueRecord {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "duplicate" | "reopened" | null;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set for pull requests, which share the issue number space like on GitHub. */
  pull?: PullRecord;
}

export interface PullFileRecord {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions: number;
  patch?: string;
  previousFilename?: string;
}

export interface PullRecord {
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  files: PullFileRecord[];
}

export interface CommentRecord {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotationsCount: number };
  annotations: unknown[];
}

export interface StatusRecord {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatusRecord[];
}

export interface EnvironmentRecord {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  /** Wait timer in minutes; any value adds a `wait_timer` protection rule like GitHub shows. */
  waitTimer?: number;
  reviewers?: string[];
}

export interface ReleaseRecord {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
}

export interface ProtectionReviewRecord {
  runId: number;
  environmentName: string;
  state: "approved" | "rejected" | undefined;
  comment: string | undefined;
  token: string;
  at: string;
}

export interface RepoRecord {
  id: number;
  nodeId: string;
  owner: string;
  ownerType: "User" | "Organization";
  name: string;
  description: string | null;
  defaultBranch: string;
  private: boolean;
  archived: boolean;
  topics: string[];
  createdAt: string;
  pushedAt: string;
  /** The permissions the authenticated caller has, as `GET /repos/{o}/{r}` reports them. */
  permissions: { admin: boolean; maintain: boolean; push: boolean; triage: boolean; pull: boolean };
  branches: Map<string, string>;
  tags: Map<string, string>;
  commits: Map<string, CommitRecord>;
  issues: IssueRecord[];
  comments: CommentRecord[];
  labels: LabelRecord[];
  milestones: MilestoneRecord[];
  checkRuns: CheckRunRecord[];
  statuses: StatusRecord[];
  deployments: DeploymentRecord[];
  environments: EnvironmentRecord[];
  releases: ReleaseRecord[];
  collaborators: Map<string, PermissionLevel>;
  /** Issue numbers pinned in the repository, in pin order (GitHub allows three). */
  pinned: number[];
  protectionReviews: ProtectionReviewRecord[];
}

export interface InstallationRecord {
  id: number;
  account: string;
  accountType: "User" | "Organization";
  repositorySelection: "all" | "selected";
  /** Full names (`owner/name`) of the repositories the installation may touch when selection is `selected`. */
  repositories: string[];
  permissions: Record<string, "read" | "write" | "admin">;
  events: string[];
  createdAt: string;
  suspendedAt: string | null;
}

/** GitHub's global advisory format (`GET /advisories`), as seeded by tests. */
export interface GlobalAdvisorySeed {
  ghsa_id: string;
  cve_id?: string | null;
  summary: string;
  description?: string | null;
  severity: "critical" | "high" | "medium" | "low" | "unknown";
  type?: "reviewed" | "unreviewed" | "malware";
  identifiers?: { type: "CVE" | "GHSA"; value: string }[];
  references?: string[];
  published_at: string;
  updated_at?: string;
  withdrawn_at?: string | null;
  cvss?: { vector_string: string | null; score: number | null };
  cwes?: { cwe_id: string; name: string }[];
  vulnerabilities: {
    package: { ecosystem: string; name: string };
    vulnerable_version_range: string;
    first_patched_version: string | null;
    vulnerable_functions?: string[];
  }[];
}

export interface TokenRecord {
  kind: "user" | "installation" | "app";
  login: string;
  installationId?: number;
  expiresAt?: string;
  revoked: boolean;
  /** Full names the token may reach; undefined means every repository. */
  repositories?: string[];
}

export interface RateLimitSnapshot {
  limit: number;
  used: number;
  remaining: number;
  reset: number;
}

export interface SeedRepo {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  description?: string;
  ownerType?: "User" | "Organization";
  topics?: string[];
  archived?: boolean;
  permissions?: Partial<RepoRecord["permissions"]>;
  /** Files of the initial commit on the default branch. Default: a README.md. */
  files?: Record<string, FileContent>;
}

export interface SeedCommit {
  /** Branch to commit on (created from the default branch's head when missing). Default: the default branch. */
  branch?: string;
  message?: string;
  /** path -> new content, or null to delete the file. */
  files?: Record<string, FileContent | null>;
  date?: string;
  author?: { name: string; email: string; login?: string };
}

export interface SeedIssue {
  title: string;
  body?: string | null;
  state?: "open" | "closed";
  stateReason?: IssueRecord["stateReason"];
  labels?: string[];
  assignees?: string[];
  user?: string;
  milestone?: number | null;
  pinned?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface SeedPull {
  title: string;
  body?: string | null;
  head: string;
  base?: string;
  user?: string;
  labels?: string[];
  draft?: boolean;
  state?: "open" | "closed";
  merged?: boolean;
  /** Files as `GET /pulls/{n}/files` lists them. Default: computed from compare(base, head). */
  files?: PullFileRecord[];
}

const EPOCH = Date.parse("2024-01-01T00:00:00Z");

function gitSha(kind: string, bytes: Uint8Array | string): string {
  return createHash("sha1").update(`${kind} `).update(bytes).digest("hex");
}

function toBytes(content: FileContent): Uint8Array {
  return typeof content === "string" ? new TextEncoder().encode(content) : content;
}

/** GitHub's new-style global node id, e.g. `I_kwDOABCD12`, unique per type prefix and database id. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
}

/**
 * All state of one stand-in. Tests seed it directly (`state.createRepo`, `state.addCommit`, `state.addIssue`, ...)
 * and assert on it (`state.repo("o/r").issues`). Records are plain objects: mutate them freely between requests.
 * Every seeding helper throws `Error` naming the missing repository/branch when given one that does not exist.
 */
export class StandInState {
  /** The login of the user behind a personal token that was not registered. Default `octocat`. */
  defaultLogin = "octocat";
  /** The GitHub App the installations belong to (`GET /app`). */
  app = { id: 1, slug: "upkeep", name: "Upkeep", owner: "upkeep-org" };
  readonly repos = new Map<string, RepoRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly advisories: GlobalAdvisorySeed[] = [];
  /** Users known by login; any login used in a record is served as a user even when not listed here. */
  readonly users = new Map<string, { id: number; type: "User" | "Bot" | "Organization"; siteAdmin: boolean }>();
  /** Set by the server: the rate-limit buckets of a token (`GET /rate_limit`). */
  rateLimitSnapshot?: (token?: string) => Record<"core" | "search" | "graphql", RateLimitSnapshot>;
  private lastId = 1000;
  private clockMs = EPOCH;

  /** A unique increasing database id. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** A monotonically increasing ISO timestamp (seconds precision, like GitHub): records sort by creation. */
  now(): string {
    this.clockMs = Math.max(this.clockMs + 1000, Math.floor(Date.now() / 1000) * 1000);
    return new Date(this.clockMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** The user record of `login`, created on first use. Logins ending in `[bot]` are bots. */
  user(login: string): { id: number; type: "User" | "Bot" | "Organization"; siteAdmin: boolean } {
    let u = this.users.get(login);
    if (!u) {
      u = { id: this.nextId(), type: login.endsWith("[bot]") ? "Bot" : "User", siteAdmin: false };
      this.users.set(login, u);
    }
    return u;
  }

  /** Creates a repository with one commit on its default branch (`main` unless given). Throws if it exists. */
  createRepo(seed: SeedRepo): RepoRecord {
    const fullName = `${seed.owner}/${seed.name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`stand-in: repository ${fullName} already exists`);
    const ownerType = seed.ownerType ?? "User";
    const owner = this.user(seed.owner);
    if (ownerType === "Organization") owner.type = "Organization";
    const id = this.nextId();
    const createdAt = this.now();
    const repo: RepoRecord = {
      id,
      nodeId: nodeId("R", id),
      owner: seed.owner,
      ownerType,
      name: seed.name,
      description: seed.description ?? null,
      defaultBranch: seed.defaultBranch ?? "main",
      private: seed.private ?? false,
      archived: seed.archived ?? false,
      topics: seed.topics ?? [],
      createdAt,
      pushedAt: createdAt,
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true, ...seed.permissions },
      branches: new Map(),
      tags: new Map(),
      commits: new Map(),
      issues: [],
      comments: [],
      labels: [],
      milestones: [],
      checkRuns: [],
      statuses: [],
      deployments: [],
      environments: [],
      releases: [],
      collaborators: new Map([[seed.owner, "admin"]]),
      pinned: [],
      protectionReviews: [],
    };
    this.repos.set(fullName.toLowerCase(), repo);
    this.addCommit(fullName, {
      message: "Initial commit",
      files: seed.files ?? { "README.md": `# ${seed.name}\n` },
    });
    return repo;
  }

  /** The repository `owner/name` (case-insensitive), or undefined. */
  findRepo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** The repository `owner/name`; throws when it was never created. */
  repo(fullName: string): RepoRecord {
    const repo = this.findRepo(fullName);
    if (!repo) throw new Error(`stand-in: no repository ${fullName}; call state.createRepo first`);
    return repo;
  }

  /** Repository by database id. */
  repoById(id: number): RepoRecord | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  /**
   * Commits on `branch` (default: the default branch; a missing branch starts from the default branch's head).
   * The new tree is the parent's plus `files` (null deletes). Returns the commit.
   */
  addCommit(fullName: string, seed: SeedCommit): CommitRecord {
    const repo = this.repo(fullName);
    const branch = seed.branch ?? repo.defaultBranch;
    const parentSha = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch);
    const parent = parentSha ? repo.commits.get(parentSha) : undefined;
    const tree = new Map(parent?.tree ?? []);
    for (const [path, content] of Object.entries(seed.files ?? {})) {
      if (content === null) tree.delete(path);
      else tree.set(path.replace(/^\/+/, ""), toBytes(content));
    }
    const date = seed.date ?? this.now();
    const message = seed.message ?? `Update ${Object.keys(seed.files ?? {}).join(", ") || "nothing"}`;
    const treeText = [...tree.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([p, b]) => `${p}:${gitSha("blob", b)}`)
      .join("\n");
    const sha = gitSha("commit", `${treeText}\n${parentSha ?? ""}\n${date}\n${message}\n${repo.commits.size}`);
    const commit: CommitRecord = {
      sha,
      message,
      date,
      author: seed.author ?? { name: "Mona Lisa", email: "mona@example.com", login: "octocat" },
      parents: parentSha ? [parentSha] : [],
      tree,
    };
    repo.commits.set(sha, commit);
    repo.branches.set(branch, sha);
    repo.pushedAt = date;
    return commit;
  }

  /** Points tag `name` at `ref` (a branch, tag or sha; default the default branch's head). Returns the sha. */
  addTag(fullName: string, name: string, ref?: string): string {
    const repo = this.repo(fullName);
    const sha = this.resolveRef(repo, ref ?? repo.defaultBranch);
    if (!sha) throw new Error(`stand-in: ${fullName} has no ref ${ref}`);
    repo.tags.set(name, sha);
    return sha;
  }

  /** The commit sha a branch, tag, full ref (`refs/heads/x`) or (abbreviated) sha names, or undefined. */
  resolveRef(repo: RepoRecord, ref: string): string | undefined {
    const short = ref.replace(/^refs\/(heads|tags)\//, "");
    if (ref.startsWith("refs/tags/")) return repo.tags.get(short);
    if (ref.startsWith("refs/heads/")) return repo.branches.get(short);
    const byName = repo.branches.get(short) ?? repo.tags.get(short);
    if (byName) return byName;
    if (/^[0-9a-f]{4,40}$/.test(ref)) {
      for (const sha of repo.commits.keys()) if (sha.startsWith(ref)) return sha;
    }
    return undefined;
  }

  /** Adds a label (color without `#`, default `ededed`) unless one with that name exists; returns it. */
  addLabel(fullName: string, name: string, color = "ededed", description: string | null = null): LabelRecord {
    const repo = this.repo(fullName);
    const existing = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const label: LabelRecord = { id: this.nextId(), name, color, description, default: false };
    repo.labels.push(label);
    return label;
  }

  /** Adds a milestone; returns it. */
  addMilestone(
    fullName: string,
    seed: { title: string; state?: "open" | "closed"; description?: string; dueOn?: string },
  ): MilestoneRecord {
    const repo = this.repo(fullName);
    const at = this.now();
    const milestone: MilestoneRecord = {
      id: this.nextId(),
      number: repo.milestones.length + 1,
      title: seed.title,
      description: seed.description ?? null,
      state: seed.state ?? "open",
      dueOn: seed.dueOn ?? null,
      creator: repo.owner,
      createdAt: at,
      updatedAt: at,
      closedAt: seed.state === "closed" ? at : null,
    };
    repo.milestones.push(milestone);
    return milestone;
  }

  private nextNumber(repo: RepoRecord): number {
    return repo.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
  }

  /** Adds an issue (labels are created on the repository when missing); returns it. Throws past 3 pins. */
  addIssue(fullName: string, seed: SeedIssue): IssueRecord {
    const repo = this.repo(fullName);
    for (const label of seed.labels ?? []) this.addLabel(fullName, label);
    const createdAt = seed.createdAt ?? this.now();
    const closed = seed.state === "closed";
    const id = this.nextId();
    const issue: IssueRecord = {
      id,
      nodeId: nodeId("I", id),
      number: this.nextNumber(repo),
      title: seed.title,
      body: seed.body ?? null,
      user: seed.user ?? this.defaultLogin,
      state: closed ? "closed" : "open",
      stateReason: seed.stateReason ?? (closed ? "completed" : null),
      labels: this.canonicalLabels(repo, seed.labels ?? []),
      assignees: seed.assignees ?? [],
      milestone: seed.milestone ?? null,
      locked: false,
      createdAt,
      updatedAt: seed.updatedAt ?? createdAt,
      closedAt: closed ? (seed.updatedAt ?? createdAt) : null,
    };
    repo.issues.push(issue);
    if (seed.pinned) this.pin(repo, issue.number);
    return issue;
  }

  /** Adds a pull request from `head` into `base` (default branch). Both branches must exist. */
  addPull(fullName: string, seed: SeedPull): IssueRecord {
    const repo = this.repo(fullName);
    const base = seed.base ?? repo.defaultBranch;
    const headSha = repo.branches.get(seed.head);
    const baseSha = repo.branches.get(base);
    if (!headSha || !baseSha) throw new Error(`stand-in: ${fullName} needs branches ${seed.head} and ${base}`);
    const issue = this.addIssue(fullName, {
      title: seed.title,
      body: seed.body ?? null,
      user: seed.user,
      labels: seed.labels,
      state: seed.state ?? (seed.merged ? "closed" : "open"),
    });
    issue.stateReason = null;
    issue.pull = {
      head: { ref: seed.head, sha: headSha },
      base: { ref: base, sha: baseSha },
      draft: seed.draft ?? false,
      merged: seed.merged ?? false,
      mergedAt: seed.merged ? issue.updatedAt : null,
      files: seed.files ?? this.compare(repo, baseSha, headSha).files,
    };
    return issue;
  }

  /** Adds a comment on issue `issueNumber`; returns it. */
  addComment(fullName: string, issueNumber: number, body: string, user?: string): CommentRecord {
    const repo = this.repo(fullName);
    const issue = repo.issues.find((i) => i.number === issueNumber);
    if (!issue) throw new Error(`stand-in: ${fullName} has no issue #${issueNumber}`);
    const at = this.now();
    const id = this.nextId();
    const comment: CommentRecord = {
      id,
      nodeId: nodeId("IC", id),
      issueNumber,
      body,
      user: user ?? this.defaultLogin,
      createdAt: at,
      updatedAt: at,
    };
    repo.comments.push(comment);
    return comment;
  }

  /** Sets a collaborator's permission level (`GET /repos/{o}/{r}/collaborators/{u}/permission`). */
  addCollaborator(fullName: string, login: string, permission: PermissionLevel): void {
    this.user(login);
    this.repo(fullName).collaborators.set(login, permission);
  }

  /** Adds an environment (`GET /repos/{o}/{r}/environments`); returns it. */
  addEnvironment(fullName: string, name: string, options: { waitTimer?: number; reviewers?: string[] } = {}) {
    const repo = this.repo(fullName);
    const at = this.now();
    const env: EnvironmentRecord = { id: this.nextId(), name, createdAt: at, updatedAt: at, ...options };
    repo.environments.push(env);
    return env;
  }

  /** Adds a release (tag created at the default branch's head when missing); returns it. */
  addRelease(
    fullName: string,
    seed: {
      tagName: string;
      name?: string;
      body?: string;
      draft?: boolean;
      prerelease?: boolean;
      publishedAt?: string;
    },
  ): ReleaseRecord {
    const repo = this.repo(fullName);
    if (!repo.tags.has(seed.tagName)) this.addTag(fullName, seed.tagName);
    const createdAt = this.now();
    const release: ReleaseRecord = {
      id: this.nextId(),
      tagName: seed.tagName,
      targetCommitish: repo.defaultBranch,
      name: seed.name ?? seed.tagName,
      body: seed.body ?? null,
      draft: seed.draft ?? false,
      prerelease: seed.prerelease ?? false,
      author: repo.owner,
      createdAt,
      publishedAt: seed.draft ? null : (seed.publishedAt ?? createdAt),
    };
    repo.releases.push(release);
    return release;
  }

  /** Adds a check run on `headSha`; returns it. */
  addCheckRun(
    fullName: string,
    seed: { name: string; headSha: string; status?: CheckRunRecord["status"]; conclusion?: string | null },
  ): CheckRunRecord {
    const repo = this.repo(fullName);
    const at = this.now();
    const status = seed.status ?? (seed.conclusion ? "completed" : "queued");
    const run: CheckRunRecord = {
      id: this.nextId(),
      name: seed.name,
      headSha: seed.headSha,
      status,
      conclusion: seed.conclusion ?? null,
      startedAt: at,
      completedAt: status === "completed" ? at : null,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null, annotationsCount: 0 },
      annotations: [],
    };
    repo.checkRuns.push(run);
    return run;
  }

  /** Adds a commit status; returns it. */
  addStatus(
    fullName: string,
    seed: { sha: string; state: StatusRecord["state"]; context?: string; description?: string; targetUrl?: string },
  ): StatusRecord {
    const repo = this.repo(fullName);
    const at = this.now();
    const status: StatusRecord = {
      id: this.nextId(),
      sha: seed.sha,
      state: seed.state,
      context: seed.context ?? "default",
      description: seed.description ?? null,
      targetUrl: seed.targetUrl ?? null,
      creator: this.defaultLogin,
      createdAt: at,
      updatedAt: at,
    };
    repo.statuses.push(status);
    return status;
  }

  /** Adds a deployment of `ref` (default: the default branch) to `environment` (default `production`). */
  addDeployment(
    fullName: string,
    seed: {
      ref?: string;
      environment?: string;
      task?: string;
      payload?: Record<string, unknown>;
      description?: string;
    },
  ): DeploymentRecord {
    const repo = this.repo(fullName);
    const ref = seed.ref ?? repo.defaultBranch;
    const sha = this.resolveRef(repo, ref);
    if (!sha) throw new Error(`stand-in: ${fullName} has no ref ${ref}`);
    const at = this.now();
    const environment = seed.environment ?? "production";
    const deployment: DeploymentRecord = {
      id: this.nextId(),
      sha,
      ref,
      task: seed.task ?? "deploy",
      payload: seed.payload ?? {},
      environment,
      originalEnvironment: environment,
      description: seed.description ?? null,
      creator: this.defaultLogin,
      transientEnvironment: false,
      productionEnvironment: environment === "production",
      createdAt: at,
      updatedAt: at,
      statuses: [],
    };
    repo.deployments.push(deployment);
    return deployment;
  }

  /** Adds a status to a deployment; returns it. */
  addDeploymentStatus(
    fullName: string,
    deploymentId: number,
    seed: { state: DeploymentStatusRecord["state"]; description?: string; environmentUrl?: string; logUrl?: string },
  ): DeploymentStatusRecord {
    const deployment = this.repo(fullName).deployments.find((d) => d.id === deploymentId);
    if (!deployment) throw new Error(`stand-in: ${fullName} has no deployment ${deploymentId}`);
    const at = this.now();
    const status: DeploymentStatusRecord = {
      id: this.nextId(),
      state: seed.state,
      description: seed.description ?? "",
      environment: deployment.environment,
      environmentUrl: seed.environmentUrl ?? "",
      logUrl: seed.logUrl ?? "",
      targetUrl: seed.logUrl ?? "",
      creator: this.defaultLogin,
      createdAt: at,
      updatedAt: at,
    };
    deployment.statuses.unshift(status);
    deployment.updatedAt = at;
    return status;
  }

  /**
   * Installs the app on `account`. With `repositories` (full names) the selection is `selected`, else `all`
   * (every repository owned by `account`). Returns the installation.
   */
  addInstallation(seed: {
    account: string;
    accountType?: "User" | "Organization";
    repositories?: string[];
    permissions?: InstallationRecord["permissions"];
    events?: string[];
  }): InstallationRecord {
    const installation: InstallationRecord = {
      id: this.nextId(),
      account: seed.account,
      accountType: seed.accountType ?? "Organization",
      repositorySelection: seed.repositories ? "selected" : "all",
      repositories: seed.repositories ?? [],
      permissions: seed.permissions ?? { issues: "write", contents: "read", metadata: "read", checks: "write" },
      events: seed.events ?? ["issues", "issue_comment", "push", "deployment_protection_rule"],
      createdAt: this.now(),
      suspendedAt: null,
    };
    const account = this.user(seed.account);
    if (installation.accountType === "Organization") account.type = "Organization";
    this.installations.set(installation.id, installation);
    return installation;
  }

  /** The repositories an installation can reach. */
  installationRepos(installation: InstallationRecord): RepoRecord[] {
    const all = [...this.repos.values()];
    if (installation.repositorySelection === "all") {
      return all.filter((r) => r.owner.toLowerCase() === installation.account.toLowerCase());
    }
    const wanted = new Set(installation.repositories.map((n) => n.toLowerCase()));
    return all.filter((r) => wanted.has(`${r.owner}/${r.name}`.toLowerCase()));
  }

  /** Registers a personal token for `login` (unregistered tokens act as `defaultLogin`). */
  addToken(token: string, login: string): void {
    this.tokens.set(token, { kind: "user", login, revoked: false });
  }

  /** Revokes a token: further requests with it get `401 Bad credentials`. */
  revokeToken(token: string): void {
    const record = this.tokens.get(token);
    if (record) record.revoked = true;
    else this.tokens.set(token, { kind: "user", login: this.defaultLogin, revoked: true });
  }

  /** Adds a global security advisory (`GET /advisories`). */
  addAdvisory(advisory: GlobalAdvisorySeed): void {
    this.advisories.push(advisory);
  }

  /** Pins issue `number`; throws like GitHub when three are already pinned. */
  pin(repo: RepoRecord, number: number): void {
    if (repo.pinned.includes(number)) return;
    if (repo.pinned.length >= 3) throw new Error("You can only pin 3 issues per repository.");
    repo.pinned.push(number);
  }

  /** Labels in the repository's spelling, deduplicated. */
  canonicalLabels(repo: RepoRecord, names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
      const canonical = label?.name ?? name;
      if (!out.includes(canonical)) out.push(canonical);
    }
    return out;
  }

  /** Compares two commits like `GET /compare/{base}...{head}` (first-parent history). */
  compare(
    repo: RepoRecord,
    baseSha: string,
    headSha: string,
  ): {
    status: "ahead" | "behind" | "identical" | "diverged";
    aheadBy: number;
    behindBy: number;
    mergeBase: string;
    commits: CommitRecord[];
    files: PullFileRecord[];
  } {
    const history = (sha: string): string[] => {
      const out: string[] = [];
      let cur: string | undefined = sha;
      while (cur) {
        out.push(cur);
        cur = repo.commits.get(cur)?.parents[0];
      }
      return out;
    };
    const headHistory = history(headSha);
    const baseHistory = history(baseSha);
    const baseSet = new Set(baseHistory);
    const mergeBase = headHistory.find((sha) => baseSet.has(sha)) ?? baseSha;
    const aheadBy = headHistory.indexOf(mergeBase);
    const behindBy = baseHistory.indexOf(mergeBase);
    const status =
      aheadBy === 0 && behindBy === 0 ? "identical" : behindBy === 0 ? "ahead" : aheadBy === 0 ? "behind" : "diverged";
    const commits = headHistory
      .slice(0, Math.max(aheadBy, 0))
      .reverse()
      .map((sha) => repo.commits.get(sha)!);
    const from = repo.commits.get(mergeBase)?.tree ?? new Map<string, Uint8Array>();
    const to = repo.commits.get(headSha)?.tree ?? new Map<string, Uint8Array>();
    return { status, aheadBy, behindBy, mergeBase, commits, files: diffTrees(from, to) };
  }
}

/** Line diff of two trees as GitHub's `files[]` of compare and pull files (whole-file hunks). */
export function diffTrees(from: Map<string, Uint8Array>, to: Map<string, Uint8Array>): PullFileRecord[] {
  const paths = [...new Set([...from.keys(), ...to.keys()])].sort();
  const files: PullFileRecord[] = [];
  const decoder = new TextDecoder();
  for (const path of paths) {
    const a = from.get(path);
    const b = to.get(path);
    if (a && b && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0) continue;
    const oldLines = a ? splitLines(decoder.decode(a)) : [];
    const newLines = b ? splitLines(decoder.decode(b)) : [];
    const patch = [
      `@@ -${oldLines.length > 0 ? 1 : 0},${oldLines.length} +${newLines.length > 0 ? 1 : 0},${newLines.length} @@`,
      ...oldLines.map((l) => `-${l}`),
      ...newLines.map((l) => `+${l}`),
    ].join("\n");
    files.push({
      filename: path,
      status: !a ? "added" : !b ? "removed" : "modified",
      additions: newLines.length,
      deletions: oldLines.length,
      patch,
    });
  }
  return files;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

/** Git blob sha of `bytes`, as `GET /contents` reports it. */
export function blobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
