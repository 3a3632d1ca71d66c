import { type Logger, redactingLogger } from "../logger.js";

const SECRET_ENV = ["GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN", "NPM_TOKEN", "UPKEEP_TOKEN"];

/**
 * The CLI's Logger: every line on stderr (stdout is for the report), `warning:` / `error:` prefixes,
 * debug lines only when `debug` is true, and the values of token variables in `env` redacted.
 */
export function cliLogger(stderr: (s: string) => void, options: { debug: boolean; env: NodeJS.ProcessEnv }): Logger {
  const secrets = SECRET_ENV.map((name) => options.env[name]).filter((v): v is string => Boolean(v));
  return redactingLogger(
    {
      debug: (m) => {
        if (options.debug) stderr(`debug: ${m}`);
      },
      info: (m) => stderr(m),
      warning: (m) => stderr(`warning: ${m}`),
      error: (m) => stderr(`error: ${m}`),
    },
    () => secrets,
  );
}
