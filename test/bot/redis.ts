// A throw-away redis-server from Debian's package for tests and benchmarks: a temp dir, a free port, no
// persistence. When the binary is missing it is installed with apt-get (root on Debian), else the test fails
// with the command to run; it is never skipped.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./harness.js";

const INSTALL = "apt-get install -y redis-server";

function whichRedis(): string | undefined {
  for (const p of ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"])
    if (existsSync(p)) return p;
  return undefined;
}

/** The path of redis-server, installing Debian's package when root on Debian. Throws with the command otherwise. */
export function redisServerBinary(): string {
  const found = whichRedis();
  if (found) return found;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync("/etc/debian_version"))
    throw new Error(`redis-server is not installed; install it with: sudo ${INSTALL}`);
  // dpkg's lock may be held by another apt-get for a while: wait for it instead of failing.
  execFileSync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "redis-server"], {
    stdio: "ignore",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const installed = whichRedis();
  if (!installed) throw new Error(`redis-server is still missing after ${INSTALL}`);
  return installed;
}

/** A running throw-away Redis. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM); `start` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops for good and removes the temp dir. */
  close(): Promise<void>;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts redis-server on 127.0.0.1 and a free port; resolves once it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  const bin = redisServerBinary();
  const dir = mkdtempSync(join(tmpdir(), "upkeep-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = "";
  async function start(): Promise<void> {
    child = spawn(
      bin,
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (c: Buffer) => {
      log += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      log += c.toString();
    });
    const end = Date.now() + 10_000;
    while (!(await answers(port))) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`redis-server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function stop(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await gone;
  }
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
