import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BackupPorts } from "@upkeep/shared/backup/types.js";
import { nodeBackupFiles, nodeBackupProcess, nodeScratch } from "@upkeep/shared/io/node-backup.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { systemClock } from "@upkeep/shared/ports.js";

/** Debian package of each program the backup tests run. */
const PACKAGES: Record<string, string> = {
  tar: "tar",
  gzip: "gzip",
  zstd: "zstd",
  xz: "xz-utils",
  zip: "zip",
  age: "age",
  "age-keygen": "age",
  gpg: "gnupg",
  openssl: "openssl",
  sqlite3: "sqlite3",
  restic: "restic",
  borg: "borgbackup",
  pg_dump: "postgresql-client",
  pg_restore: "postgresql-client",
  psql: "postgresql-client",
  sha256sum: "coreutils",
};

function has(program: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", program]).status === 0;
}

/**
 * Makes sure the programs are installed: installs the missing ones with apt-get when root on Debian,
 * else throws naming the install command (the tests never skip silently).
 */
export function requireTools(programs: string[]): void {
  const missing = programs.filter((p) => !has(p));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((p) => PACKAGES[p] ?? p))];
  const root = process.getuid?.() === 0 && existsSync("/etc/debian_version");
  if (root) {
    execFileSync("apt-get", ["install", "-y", "-qq", ...pkgs], {
      stdio: "ignore",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    const still = programs.filter((p) => !has(p));
    if (still.length === 0) return;
  }
  throw new Error(`backup tests need ${missing.join(", ")}: install with apt-get install -y ${pkgs.join(" ")}`);
}

/** Runs a shell command in `cwd`; throws with its stderr when it fails. */
export function sh(command: string, cwd: string, env: Record<string, string> = {}): string {
  return execFileSync("sh", ["-c", command], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = "upkeep-backup-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that records lines. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (l: string) => (m: string) => {
    lines.push(`${l}: ${m}`);
  };
  return { lines, debug: push("debug"), info: push("info"), warning: push("warning"), error: push("error") };
}

/** Real ports with a fixed clock. */
export function realPorts(now: string, logger: Logger = recordingLogger()): BackupPorts {
  return {
    files: nodeBackupFiles(),
    process: nodeBackupProcess(),
    scratch: nodeScratch(),
    clock: now ? { now: () => new Date(now) } : systemClock,
    logger,
    env: process.env,
  };
}

/** Flips one byte of a file in place (a bit-rot stand-in). */
export function flipByte(path: string, offset: number): void {
  // Inverts every bit of the byte, so the file always changes (writing a fixed value is a no-op where it was there).
  const fd = openSync(path, "r+");
  try {
    const b = Buffer.alloc(1);
    if (readSync(fd, b, 0, 1, offset) !== 1) throw new Error(`flipByte: ${path} has no byte at offset ${offset}`);
    b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

/** Cuts the last `n` bytes off a file. */
export function truncateTail(path: string, n: number): void {
  sh(`truncate -s -${n} "${path}"`, "/");
}
