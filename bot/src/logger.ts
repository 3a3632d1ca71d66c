import type { Logger } from "@upkeep/shared/logger.js";
import { redactingLogger } from "@upkeep/shared/logger.js";

/** The part of pino the bot uses (Probot's `app.log` and `context.log`). */
export interface PinoLike {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/**
 * Adapts pino to the Logger port, with tokens and keys redacted (design §5). `secrets` are exact values
 * to mask besides token-shaped strings (the webhook secret, the private key).
 */
export function pinoLogger(log: PinoLike, secrets: readonly string[] = []): Logger {
  return redactingLogger(
    {
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warning: (m) => log.warn(m),
      error: (m) => (REQUEST_LOG.test(m) ? log.debug(m) : log.error(m)),
    },
    () => secrets,
  );
}

// Octokit's request log reports every non-2xx answer as an error, 304s and expected 404s included; the bot
// logs the failures it cannot handle itself, so these lines are debug detail.
const REQUEST_LOG = /^(?:GET|HEAD|POST|PATCH|PUT|DELETE) \S+ - \d{3} with id /;
