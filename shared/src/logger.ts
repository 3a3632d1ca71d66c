/** The Logger port (design §5): actions pass @actions/core, the bot pino, the CLI stderr, tests a recorder. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export type LogLevel = keyof Logger;

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
};

const TOKEN_PATTERNS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bv1\.[0-9a-f]{40}\b/g, // installation tokens (old format)
  /(authorization:\s*(?:token|bearer)\s+)[^\s"']+/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/**
 * Returns `text` with every known secret value and every token-shaped string replaced by `***`.
 * Secrets shorter than 4 characters are ignored (they would mask ordinary words).
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("***");
  }
  for (const re of TOKEN_PATTERNS) {
    out = out.replace(re, (_m, prefix?: string) => (typeof prefix === "string" ? `${prefix}***` : "***"));
  }
  return out;
}

/** Wraps a logger so that no line it passes on contains a secret (see {@link redact}). */
export function redactingLogger(inner: Logger, secrets: () => Iterable<string> = () => []): Logger {
  return {
    debug: (m) => inner.debug(redact(m, secrets())),
    info: (m) => inner.info(redact(m, secrets())),
    warning: (m) => inner.warning(redact(m, secrets())),
    error: (m) => inner.error(redact(m, secrets())),
  };
}

export interface LogRecord {
  level: LogLevel;
  message: string;
}

/** A logger that keeps every line, for tests. */
export function recordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return {
    records,
    debug: (message) => records.push({ level: "debug", message }),
    info: (message) => records.push({ level: "info", message }),
    warning: (message) => records.push({ level: "warning", message }),
    error: (message) => records.push({ level: "error", message }),
  };
}
