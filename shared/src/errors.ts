/**
 * Named errors (design §5). Engines throw them; only shells turn them into outcomes
 * (the action calls setFailed, the CLI maps them to exit code 2, the bot logs them with the delivery id).
 */

/** Where in a user's file something is wrong. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Base class of every error Upkeep raises on purpose; `hint` says what to do next. */
export class UpkeepError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Formats `file:line:col` (dropping what is unknown). */
export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  return s;
}

/** One problem in a configuration file: where, which key, and what was expected. */
export interface ConfigProblem extends SourceLocation {
  /** JSON pointer-ish path of the offending key, e.g. `patch.deadlines.critical`. */
  key: string;
  message: string;
}

/** A configuration file the user can fix. Carries every problem found, not just the first. */
export class ConfigError extends UpkeepError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[], options: { hint?: string; cause?: unknown } = {}) {
    const lines = problems.map((p) => `${formatLocation(p)}: ${p.key ? `${p.key}: ` : ""}${p.message}`);
    super(lines.join("\n") || "invalid configuration", options);
    this.problems = problems;
  }
}

/**
 * Input the user gave that cannot be used: a bad flag or action input, a corrupt or unknown lockfile,
 * an unsupported file version. `location` names the file (and line) when there is one.
 */
export class InputError extends UpkeepError {
  readonly location: SourceLocation | undefined;
  constructor(message: string, options: { location?: SourceLocation; hint?: string; cause?: unknown } = {}) {
    super(options.location ? `${formatLocation(options.location)}: ${message}` : message, options);
    this.location = options.location;
  }
}

/** A GitHub API request failed (translated at the client boundary from Octokit's RequestError). */
export class GitHubApiError extends UpkeepError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly requestId: string | undefined;
  constructor(
    message: string,
    details: { status: number; method: string; url: string; requestId?: string },
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options);
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.requestId = details.requestId;
  }
}

/** The GitHub resource does not exist, or the token may not see it (GitHub answers 404 for both). */
export class NotFoundError extends GitHubApiError {}

/** A registry, advisory source or other outside service failed; retrying later may succeed. */
export class ExternalServiceError extends UpkeepError {
  readonly service: string;
  readonly status: number | undefined;
  constructor(service: string, message: string, options: { status?: number; hint?: string; cause?: unknown } = {}) {
    super(`${service}: ${message}`, options);
    this.service = service;
    this.status = options.status;
  }
}

/** Renders any thrown value for a human: message, then the hint on its own line. */
export function describeError(err: unknown): string {
  if (err instanceof UpkeepError) return err.hint ? `${err.message}\nhint: ${err.hint}` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
