// What a pull request changes: from git when the checkout has the history, else from the Pulls API.
import { type CommitRecord, commitsBetween } from "@upkeep/shared/drift/pr/commit-log.js";
import { describeError, InputError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { PullRequestEvent } from "@upkeep/shared/github/event.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { GitPort } from "@upkeep/shared/ports.js";
import type { Report } from "@upkeep/shared/report/model.js";

/** The pull request's changes, relative to the checked folder. */
export interface PullRequestChanges {
  files: string[];
  /** Its commits (oldest last); undefined when they could not be read (shallow checkout). */
  commits: CommitRecord[] | undefined;
  /** Where the files came from. */
  source: "git" | "api";
}

/** Where to look: the checkout, the pull request, and the API (undefined without a token). */
export interface ChangesContext {
  /** Undefined when the folder is not a git checkout. */
  git: GitPort | undefined;
  pr: PullRequestEvent;
  client: () => GitHubClient | undefined;
  owner: string;
  repo: string;
  /** The checked folder relative to the repository root (`""` for the root), for API paths. */
  prefix: string;
  shallow: boolean;
  logger: Logger;
}

async function hasCommit(git: GitPort, ref: string): Promise<boolean> {
  try {
    await git.revParse(ref);
    return true;
  } catch {
    return false;
  }
}

async function fromApi(ctx: ChangesContext, client: GitHubClient): Promise<PullRequestChanges> {
  const listed = (await client.paginate(client.rest.pulls.listFiles, {
    owner: ctx.owner,
    repo: ctx.repo,
    pull_number: ctx.pr.number,
    per_page: 100,
  })) as { filename: string; previous_filename?: string }[];
  const inside = ctx.prefix ? `${ctx.prefix}/` : "";
  const files = new Set<string>();
  for (const f of listed) {
    for (const name of [f.filename, f.previous_filename]) {
      if (name?.startsWith(inside)) files.add(name.slice(inside.length));
    }
  }
  ctx.logger.info(`changed files: ${files.size} from the pull request's file list (the checkout is shallow)`);
  return { files: [...files].sort(), commits: undefined, source: "api" };
}

/**
 * The files (and commits) the pull request changes. A shallow checkout (actions/checkout's default) asks
 * the Pulls API when there is a token; otherwise git compares the base sha with the head (the pull
 * request's head sha when present, else HEAD, the merge commit), fetching the base from origin when it is
 * missing. Throws InputError when neither way works, saying to check out with `fetch-depth: 0`.
 */
export async function pullRequestChanges(ctx: ChangesContext): Promise<PullRequestChanges> {
  const client = ctx.client();
  if ((ctx.shallow || !ctx.git) && client) return fromApi(ctx, client);
  const base = ctx.pr.baseSha;
  try {
    if (!ctx.git) throw new InputError("the folder is not a git checkout");
    if (!base) throw new InputError("the event has no base sha");
    if (!(await hasCommit(ctx.git, base))) {
      // actions/checkout fetches one commit by default; fetching the base is cheaper than full history.
      ctx.logger.info(`base ${base} is not in the checkout; fetching it from origin`);
      await ctx.git.run(["fetch", "--no-tags", "origin", base]).catch((err: unknown) => {
        ctx.logger.debug(`fetching ${base} failed: ${describeError(err)}`);
      });
    }
    const git = ctx.git;
    const head = ctx.pr.headSha && (await hasCommit(git, ctx.pr.headSha)) ? ctx.pr.headSha : "HEAD";
    const diff = await git.run(["diff", "--name-only", "--relative", "-z", `${base}...${head}`]);
    const files = diff.split("\0").filter(Boolean).sort();
    const commits = await commitsBetween(git, base, head, ["."]);
    ctx.logger.info(`changed files: ${files.length} between ${base.slice(0, 7)} and ${head.slice(0, 7)} (git)`);
    return { files, commits, source: "git" };
  } catch (err) {
    if (client) {
      ctx.logger.info(`git cannot compare the pull request with its base (${describeError(err)}); asking the API`);
      return fromApi(ctx, client);
    }
    throw new InputError(`cannot tell what pull request #${ctx.pr.number} changes: ${describeError(err)}`, {
      hint: "use actions/checkout with `fetch-depth: 0`, or keep the token input so the Pulls API can list the files",
      cause: err,
    });
  }
}

/**
 * The docs report narrowed to findings in files the pull request changes (what `mode: auto` shows on a
 * pull request), with a note saying how many were left out. Returns a new report; never throws.
 */
export function onlyChangedFiles(report: Report, changed: ReadonlySet<string>): Report {
  const findings = report.findings.filter((f) => f.file !== undefined && changed.has(f.file));
  const left = report.findings.length - findings.length;
  const note =
    left > 0
      ? `Docs findings only in files this pull request changes; ${left} more elsewhere (mode: docs shows them).`
      : "Docs findings only in files this pull request changes.";
  return { ...report, findings, notes: [...report.notes, note] };
}
