import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function binDir(): string {
  for (const v of ["17", "16", "15", "14", "13"]) {
    const d = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(d, "initdb"))) return d;
  }
  throw new Error("PostgreSQL server binaries not found: install with apt-get install -y postgresql");
}

/** A throw-away PostgreSQL server (temp data dir, free port, trust auth on 127.0.0.1). */
export interface ThrowawayPostgres {
  port: number;
  /** libpq connection string without dbname. */
  conninfo: string;
  stop(): void;
}

/**
 * Starts a throw-away PostgreSQL server from the Debian packages. Runs as the `postgres` user when
 * the tests run as root (initdb refuses root). Throws naming the install command when it is missing.
 */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "upkeep-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync("id", ["-u", "postgres"]).toString()),
      Number(execFileSync("id", ["-g", "postgres"]).toString()),
    );
  const run = (args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", ...args], { stdio: "pipe" })
      : execFileSync(args[0]!, args.slice(1), { stdio: "pipe" });
  const data = join(dir, "data");
  run([join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  run([
    join(bin, "pg_ctl"),
    "-D",
    data,
    "-l",
    join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  return {
    port,
    conninfo: `host=127.0.0.1 port=${port} user=postgres`,
    stop() {
      try {
        run([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
