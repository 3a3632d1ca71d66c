// Shared set-up of the drift-check action tests: the committed bundle, real temp git repositories built
// with a fixed identity (GIT_AUTHOR_*/GIT_COMMITTER_* env, never global config), and pull_request payloads
// from @octokit/webhooks-examples edited to match the repository.
import { join } from "node:path";
import { repoRoot } from "../../harness/node24.js";
import type { RunActionOptions, runAction } from "../../harness/run-action.js";
import { webhookExample } from "../../harness/webhook-example.js";
import { git, tempDir as newTempDir, runBundledAction, writeFiles } from "../helpers.js";

export { git, writeFiles };

/** The action folder; tests run its committed dist/index.js (check-dist keeps it in step with src/). */
export const actionDir = join(repoRoot, "actions", "drift-check");

/** The repository of the webhook examples (GITHUB_REPOSITORY of a run on their payloads). */
export const REPO = "Codertocat/Hello-World";

/** A new temp folder, removed after the test file. */
export function tempDir(): string {
  return newTempDir("upkeep-drift-action-");
}

/** Writes `files` and commits them (all changes) with `message`; returns the new sha. */
export function commit(dir: string, message: string, files: Record<string, string | null> = {}): string {
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

/** A new repository on `main` with one commit holding `files`; returns its folder and that commit. */
export function repository(
  files: Record<string, string>,
  message = "chore: initial commit",
): { dir: string; sha: string } {
  const dir = tempDir();
  git(dir, "init", "-q", "-b", "main");
  return { dir, sha: commit(dir, message, files) };
}

/** A small project: code under src/, a README, a changelog with one release, tagged v1.2.0. */
export const PROJECT: Record<string, string> = {
  "README.md": "# Demo\n\nSee [the guide](docs/guide.md).\n",
  "docs/guide.md": "# Guide\n\nUse `demo`.\n",
  "src/index.ts": "export const answer = 42;\n",
  "CHANGELOG.md":
    "# Changelog\n\n## [1.2.0](https://github.com/Codertocat/Hello-World/compare/v1.1.0...v1.2.0) (2026-10-01)\n\n\n### Features\n\n* first ([aaaaaaa](https://github.com/Codertocat/Hello-World/commit/aaaaaaa))\n",
};

export interface PullOptions {
  number?: number;
  title?: string;
  body?: string;
  labels?: string[];
  author?: string;
  baseSha: string;
  headSha: string;
  /** Head repository full name; a different one than the base makes it a fork. */
  headRepo?: string;
}

/** The `pull_request.opened` example payload with the fields the gate reads replaced. */
export function pullRequestEvent(o: PullOptions): { name: string; payload: Record<string, unknown> } {
  const payload = webhookExample("pull_request.opened") as {
    number: number;
    pull_request: {
      number: number;
      title: string;
      body: string | null;
      labels: { name: string }[];
      user: { login: string };
      base: { sha: string };
      head: { sha: string; repo: { full_name: string } };
    };
  };
  const pr = payload.pull_request;
  payload.number = o.number ?? pr.number;
  pr.number = payload.number;
  pr.title = o.title ?? "feat: add a thing";
  pr.body = o.body ?? null;
  pr.labels = (o.labels ?? []).map((name) => ({ ...(pr.labels[0] ?? {}), name }));
  pr.user.login = o.author ?? "octocat";
  pr.base.sha = o.baseSha;
  pr.head.sha = o.headSha;
  if (o.headRepo) pr.head.repo.full_name = o.headRepo;
  return { name: "pull_request", payload: payload as unknown as Record<string, unknown> };
}

/** Runs the bundle under Node 24 with the clock fixed at `now` (UPKEEP_NOW), so dates in notes do not move. */
export function runDriftCheckAction(
  options: Omit<RunActionOptions, "actionDir"> & { now?: string },
): ReturnType<typeof runAction> {
  return runBundledAction(actionDir, options);
}
