/** Which changed-files source a checkout uses, and the docs report narrowed to the changed files. */
import { describeError, InputError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ChangedFilesPort, PullRequestChanges, PullRequestRef } from "../ports.js";
import type { AnyReport } from "../report/model.js";

/** The sources a workflow checkout has. */
export interface CheckoutSources {
  /** Git over the checkout (shared/src/io/git-changed-files.ts); undefined when the folder is not a git checkout. */
  git: ChangedFilesPort | undefined;
  /** The Pulls API (shared/src/github/pull-files.ts); undefined without a token. */
  api: ChangedFilesPort | undefined;
  /** The checkout is shallow (actions/checkout's default): git lacks the base. */
  shallow: boolean;
  logger: Logger;
}

/**
 * The changed files of a pull request in a workflow checkout: a shallow checkout or a folder outside git
 * asks the Pulls API when there is a token; otherwise git compares base and head, and the API answers when
 * git cannot. Throws InputError when neither way works, saying to check out with `fetch-depth: 0` or keep
 * the token.
 */
export function checkoutChangedFiles(sources: CheckoutSources): ChangedFilesPort {
  const { git, api, logger } = sources;
  return {
    async changes(pr: PullRequestRef): Promise<PullRequestChanges> {
      if ((sources.shallow || !git) && api) return api.changes(pr);
      try {
        if (!git) throw new InputError("the folder is not a git checkout");
        return await git.changes(pr);
      } catch (err) {
        if (api) {
          logger.info(`git cannot compare the pull request with its base (${describeError(err)}); asking the API`);
          return api.changes(pr);
        }
        throw new InputError(`cannot tell what pull request #${pr.number} changes: ${describeError(err)}`, {
          hint: "use actions/checkout with `fetch-depth: 0`, or keep the token input so the Pulls API can list the files",
          cause: err,
        });
      }
    },
  };
}

/**
 * The docs report narrowed to findings in files the pull request changes (what `mode: auto` shows on a
 * pull request), with a note saying how many were left out. Returns a new report; never throws.
 */
export function onlyChangedFiles<R extends AnyReport>(report: R, changed: ReadonlySet<string>): R {
  const findings = report.findings.filter((f) => f.file !== undefined && changed.has(f.file));
  const left = report.findings.length - findings.length;
  const note =
    left > 0
      ? `Docs findings only in files this pull request changes; ${left} more elsewhere (mode: docs shows them).`
      : "Docs findings only in files this pull request changes.";
  return { ...report, findings, notes: [...report.notes, note] };
}
