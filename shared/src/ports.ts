/**
 * Ports (design §1): every interface through which engines reach the outside world lives here.
 * Shells pass real implementations (shared/src/io/ for files, git and programs; shared/src/github/ and
 * shared/src/plan/backend.ts for GitHub; the OSV datasource's caches), tests pass in-memory ones.
 */

import type { Readable } from "node:stream";
import type { IssueFields } from "./plan/rest-issue.js";
import type { RepoName } from "./plan/types.js";

/** Read (and, for --fix/--write, write) files below one root. Paths are relative, with `/`. */
export interface FileSystemPort {
  /** The root as the user would name it (for messages only). */
  readonly root: string;
  /** Reads a UTF-8 file. Throws InputError naming the file when it is missing or unreadable. */
  readText(path: string): Promise<string>;
  /** Reads raw bytes. Throws InputError naming the file when it is missing or unreadable. */
  readBytes(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  /** Size in bytes, or undefined when the file does not exist. */
  size(path: string): Promise<number | undefined>;
  /**
   * Every file below `dir` (default: the root), relative to the root, sorted. Directories whose
   * name is in `skipDirs` are not entered (default: node_modules, vendor, .git).
   */
  walk(options?: { dir?: string; skipDirs?: readonly string[] }): Promise<string[]>;
  /** Writes a UTF-8 file (creating folders). Only commands that fix or write call this. */
  writeText(path: string, text: string): Promise<void>;
}

/** Read-only access to a git repository's history. */
export interface GitPort {
  /** The content of `path` at `ref`, or undefined when the file does not exist there. */
  show(ref: string, path: string): Promise<string | undefined>;
  /** Resolves a ref to a full commit SHA; throws InputError when it does not exist. */
  revParse(ref: string): Promise<string>;
  /** Runs `git` with arguments and returns stdout (for engines that stream `git log`). */
  run(args: readonly string[]): Promise<string>;
}

/** The current time; tests inject a fake clock. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A fetch function (the global fetch, or one bound to a stand-in in tests). */
export type FetchPort = typeof fetch;

/** What a command printed and how it ended. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  /** Exit code; non-zero when the command failed or could not start. */
  code: number;
}

/**
 * Runs a program (e.g. the `--help` source of drift's reference detectors). Real implementation:
 * shared/src/io/node-command.ts. `command[0]` is the program, the rest its arguments (no shell).
 */
export interface CommandRunner {
  run(command: readonly string[], options?: { timeoutMs?: number }): Promise<CommandResult>;
}

/**
 * A store of values by key that outlives one run (e.g. full OSV records by advisory id). Real
 * implementations: `memoryCache` and `fileSystemCache` in shared/src/patch/datasources/osv/cache.ts.
 */
export interface CachePort<Value> {
  /** The cached value, or undefined when absent or unreadable (a broken entry is a miss, never an error). */
  get(key: string): Promise<Value | undefined>;
  set(key: string, value: Value): Promise<void>;
}

/** An issue as the executor sees it: the shared fields plus the node id that pinning needs. */
export interface BackendIssue extends IssueFields {
  nodeId: string;
}

export interface BackendComment {
  id: number;
  body: string;
  createdAt: string;
  url: string;
}

/**
 * The handful of GitHub operations plans need. `githubBackend` implements it over Octokit; tests may
 * implement it in memory to drive the real executor through thousands of sweeps. Methods throw
 * GitHubApiError/NotFoundError (or any Error) on failure.
 */
export interface IssueBackend {
  /** Every issue (open or closed) whose body carries marker `key`; `labels` narrows the listing. */
  findIssues(repo: RepoName, key: string, labels: readonly string[]): Promise<BackendIssue[]>;
  getIssue(repo: RepoName, number: number): Promise<BackendIssue>;
  createIssue(
    repo: RepoName,
    input: { title: string; body: string; labels: string[]; assignees: string[] },
  ): Promise<BackendIssue>;
  updateIssue(
    repo: RepoName,
    number: number,
    input: { title?: string; body?: string; state?: "open" | "closed"; stateReason?: string },
  ): Promise<BackendIssue>;
  addLabels(repo: RepoName, number: number, labels: string[]): Promise<void>;
  removeLabel(repo: RepoName, number: number, label: string): Promise<void>;
  listComments(repo: RepoName, number: number): Promise<BackendComment[]>;
  createComment(repo: RepoName, number: number, body: string): Promise<BackendComment>;
  deleteComment(repo: RepoName, commentId: number): Promise<void>;
  /** Numbers of the repository's pinned issues. */
  pinnedIssues(repo: RepoName): Promise<number[]>;
  pin(repo: RepoName, issue: BackendIssue): Promise<void>;
  unpin(repo: RepoName, issue: BackendIssue): Promise<void>;
}

/** One commit of a pull request: full sha and the whole message (header, body and footers), trimmed. */
export interface CommitRecord {
  sha: string;
  message: string;
}

/** Which pull request to ask about: its number and, when known, its base and head commits. */
export interface PullRequestRef {
  number: number;
  /** The base commit (or ref); undefined when the event carries none. */
  base: string | undefined;
  /** The head commit (or ref); undefined: the checkout's HEAD. */
  head: string | undefined;
}

/** What a pull request changes, as a {@link ChangedFilesPort} reads it. */
export interface PullRequestChanges {
  /** Changed paths (added, modified, removed, renamed: old and new name), sorted. */
  files: string[];
  /** Its commits, newest first; undefined when they could not be read (the Pulls API lists none). */
  commits: CommitRecord[] | undefined;
  /** Where the files came from. */
  source: "git" | "api";
}

/**
 * The files and commits a pull request changes: from git (shared/src/io/git-changed-files.ts) or from the
 * Pulls API (shared/src/github/pull-files.ts). Throws InputError when it cannot tell.
 */
export interface ChangedFilesPort {
  changes(pr: PullRequestRef): Promise<PullRequestChanges>;
}

/**
 * A held lock or semaphore slot of {@link SharedState.acquire}. It expires by itself after its TTL, so a
 * crashed holder never blocks the others for longer than that.
 */
export interface Lease {
  readonly key: string;
  /** Gives the lease back. Never throws: a lease that already expired is simply gone. */
  release(): Promise<void>;
  /** Pushes the expiry to `ttlMs` from now; false when the lease was lost (expired and taken by another holder). */
  extend(ttlMs: number): Promise<boolean>;
}

/**
 * A namespaced key-value store of {@link SharedState.store}. Values are JSON (what `JSON.stringify` keeps):
 * both backends store a copy, never the caller's object. Keys are free text.
 */
export interface KeyValueStore {
  /** The value, or undefined when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value`; with `ttlMs` it expires by itself (default: kept until deleted). */
  set(key: string, value: unknown, options?: { ttlMs?: number }): Promise<void>;
  /** Stores `value` only when `key` is absent; true when it did (atomic across instances). */
  setIfAbsent(key: string, value: unknown, options?: { ttlMs?: number }): Promise<boolean>;
  /** Removes `key`; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Every key of the namespace (meant for small namespaces: pending requests, an index of a few thousand). */
  keys(): Promise<string[]>;
}

/**
 * State shared by every instance of the bot (issue 13): the memory backend for one process (the default),
 * Redis when `REDIS_URL` is set. Every method may throw when the backend is unreachable (Redis down); callers
 * that must not wait (webhook acknowledgement) catch and retry later.
 *
 * How a feature uses it: ask for its own namespace once, e.g. `state.store("staging-gate:pending")`, and keep
 * JSON values there (`set(key, value, { ttlMs })`, `get`, `keys`, `delete`). Use `acquire` for work only one
 * instance may do at a time, `claimOnce` for "exactly once per id" (a delivery, a callback).
 */
export interface SharedState {
  /** `memory` or `redis`, for logs and health. */
  readonly backend: "memory" | "redis";
  /**
   * True the first time `key` is claimed within `ttlMs`, false while that claim lasts (de-duplication). With
   * `owner`, a second claim by the same owner is also true: a caller that cannot tell whether its first claim
   * reached the backend (a timeout) asks again without losing the id.
   */
  claimOnce(key: string, ttlMs: number, owner?: string): Promise<boolean>;
  /** Drops a claim, so the same id is handled again (a delivery whose handling finally failed). */
  unclaim(key: string): Promise<void>;
  /**
   * Takes one of `limit` (default 1: a lock) slots of `key` for `ttlMs`, or returns undefined at once when all
   * are taken. Renew a long hold with `extend`.
   */
  acquire(key: string, options: { ttlMs: number; limit?: number }): Promise<Lease | undefined>;
  /**
   * Reserves the next turn of `key`, at least `intervalMs` after the turn reserved before it (by any instance),
   * and resolves with the milliseconds to wait for it (0 when it is now). Nothing is held, so a process that
   * dies never blocks the others: pacing of one installation's writes across instances.
   */
  pace(key: string, intervalMs: number): Promise<number>;
  /** The key-value store of `namespace` (a feature's own name, e.g. `feedback:duplicates`). */
  store(namespace: string): KeyValueStore;
  /** Resolves when the backend answers; throws when it does not. */
  ping(): Promise<void>;
  /** Closes connections; the state is unusable afterwards. */
  close(): Promise<void>;
}

// Staging gate (issue 11).

/** Who overrode a freeze and why (an input, or a label on the commit's pull request). */
export interface FreezeOverride {
  by: string;
  source: "input" | "label";
  reason?: string;
  url?: string;
}

/** A required deployment in a staging environment, as GitHub lists it. */
export interface DeploymentInfo {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  transient: boolean;
  payload: unknown;
  createdAt: string;
  url: string;
}

/** One status of a deployment. */
export interface DeploymentStatusInfo {
  id: number;
  state: string;
  description: string;
  environmentUrl: string;
  logUrl: string;
  createdAt: string;
}

/** A check run on the commit (the latest of its name). */
export interface CheckRunInfo {
  name: string;
  status: string;
  conclusion: string | null;
  checkSuiteId: number | undefined;
  url: string;
}

/** The latest commit status of one context. */
export interface CommitStatusInfo {
  context: string;
  state: string;
  url: string;
}

/**
 * The GitHub reads (and the one write) the staging gate needs (shared/src/gate), so the engine never holds an
 * Octokit instance. `restGateGitHub` (shared/src/gate/github.ts) implements it over the shared client; tests
 * may pass fakes.
 * Every list method returns every page.
 */
export interface GateGitHub {
  /** Deployments of exactly this commit, newest first (every environment). */
  listDeployments(sha: string): Promise<DeploymentInfo[]>;
  /** Statuses of one deployment, newest first. */
  listDeploymentStatuses(deploymentId: number): Promise<DeploymentStatusInfo[]>;
  /** The commit a branch or tag points at now; undefined when it no longer exists. */
  resolveRef(ref: string): Promise<string | undefined>;
  /** The latest check run of each name on the commit. */
  listCheckRuns(sha: string): Promise<CheckRunInfo[]>;
  /** The latest commit status of each context on the commit. */
  listCommitStatuses(sha: string): Promise<CommitStatusInfo[]>;
  /** The default branch of the repository. */
  defaultBranch(): Promise<string>;
  /**
   * Names of the checks branch protection and rulesets require on `branch` (empty when none). `unreadable`
   * when the token may not read branch protection: the list may then be incomplete.
   */
  requiredChecks(branch: string): Promise<{ contexts: string[]; sources: string[]; unreadable?: boolean }>;
  /** The check suite of a workflow run (so the gate does not wait for the run it is guarding). */
  workflowRunCheckSuite(runId: number): Promise<number | undefined>;
  /** Adds a deployment status (the gate's own soak evidence); never marks other deployments inactive. */
  addDeploymentStatus(
    deploymentId: number,
    status: { state: "success"; description: string; environmentUrl?: string; logUrl?: string },
  ): Promise<void>;
  /**
   * Who put `label` on a pull request that contains the commit, or undefined when none carries it.
   * Optional: a port without it cannot see label overrides.
   */
  overrideLabel?(sha: string, label: string): Promise<FreezeOverride | undefined>;
  /** Requests sent so far (304s included), for the call budget. */
  calls(): number;
}

// backup-verify (shared/src/backup): local backup folders, programs for drills and repository checks, scratch space.

/** A file in a local backup folder (see {@link BackupFilesPort}). */
export interface FileEntry {
  /** Absolute path. */
  path: string;
  size: number;
  modified: Date;
}

/** Which bytes of a file or stored object to stream, and in what size of piece where the reader chooses. */
export interface ReadRange {
  /** First byte (default 0). */
  start?: number;
  /** Last byte, inclusive (default: the end). */
  end?: number;
  /** A hint for readers that choose how much to read at a time (local files); others ignore it. */
  chunkSize?: number;
}

/** How the engine reads local backup folders (real: nodeBackupFiles in shared/src/io/node-backup.ts). */
export interface BackupFilesPort {
  /** `file`, `dir` or `missing`. */
  kind(path: string): Promise<"file" | "dir" | "missing">;
  /** Every regular file below `dir`, recursively, sorted by path. */
  list(dir: string): Promise<FileEntry[]>;
  /** A stream of the file's bytes in `range` (default: all of it), in chunks of `range.chunkSize` (default 1 MiB). */
  open(path: string, range?: ReadRange): Readable;
  readText(path: string): Promise<string>;
  /** Reads a small JSON state file; undefined when it does not exist. */
  readState?(path: string): Promise<string | undefined>;
  writeState?(path: string, text: string): Promise<void>;
}

/** What a program printed and how it ended. */
export interface ProcessResult {
  stdout: string;
  stderr: string;
  /** Exit code; 124 on timeout, 127 when it could not start. */
  code: number;
}

/** Runs programs for restore drills and repository checks (real: nodeBackupProcess in shared/src/io/node-backup.ts). */
export interface ProcessPort {
  run(
    command: readonly string[],
    options?: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; input?: string },
  ): Promise<ProcessResult>;
  /** Whether a program is on PATH. */
  which(program: string): Promise<boolean>;
  /**
   * Runs a program with `input` streamed to its stdin (with back-pressure) and its stdout discarded: a
   * decompressor's test mode fed from the one read of a backup. Resolves when the program has exited, with
   * the bytes its stdin took (`fed`). Code 127 when it could not start, and then `input` was not read.
   */
  feed?(command: readonly string[], input: AsyncIterable<Uint8Array>): Promise<ProcessResult & { fed: number }>;
}

/** Scratch space of restore drills: made fresh, always removed (real: nodeScratch in shared/src/io/node-backup.ts). */
export interface ScratchPort {
  /** A new empty directory; its path. */
  makeDir(prefix: string): Promise<string>;
  /** Removes a directory made by makeDir, recursively. Never throws. */
  remove(path: string): Promise<void>;
  /** Creates a directory (and parents) at an absolute path inside a scratch dir. */
  mkdir(path: string): Promise<void>;
  /** Writes a stream to an absolute path inside a scratch dir; resolves with the bytes written. */
  writeFile(path: string, data: AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<number>;
  symlink(target: string, path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}
