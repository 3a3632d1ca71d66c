// How an action shell ends a run that threw: annotations where the error points into a file, then setFailed.
import { resolve } from "node:path";
import * as core from "@actions/core";
import { ConfigError, describeError, InputError, UpkeepError } from "@upkeep/shared/errors.js";
import { type Logger, redact } from "@upkeep/shared/logger.js";
import { annotate } from "./annotate.js";
import { configErrorAnnotations, inputErrorAnnotation } from "./files.js";

/**
 * Fails the step with `<action>: <error>` (secrets redacted). A ConfigError gets one annotation per problem
 * on its line of the config file, an InputError with a location one on the line where reading stopped
 * (titled `<action> cannot read this file`); paths are rebased from the `working-directory` input to the
 * workspace. Errors that are not Upkeep's own log their stack at debug level. Never throws.
 */
export function failAction(
  action: string,
  err: unknown,
  env: NodeJS.ProcessEnv,
  secrets: readonly string[],
  logger: Logger,
): void {
  // Read again here: the inputs may be what failed to parse.
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve(workspace, core.getInput("working-directory").trim());
  if (err instanceof ConfigError) for (const a of configErrorAnnotations(err, workspace, root)) annotate(a);
  const at =
    err instanceof InputError
      ? inputErrorAnnotation(err, workspace, root, `${action} cannot read this file`)
      : undefined;
  if (at) annotate(at);
  if (!(err instanceof UpkeepError) && err instanceof Error && err.stack) logger.debug(err.stack);
  core.setFailed(`${action}: ${redact(describeError(err), secrets)}`);
}
