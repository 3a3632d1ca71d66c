// Test harness of the bot: the real server process (tsx bot/src/server.ts) against the GitHub stand-in, with a
// generated App key and signed deliveries built from @octokit/webhooks-examples payloads.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import type { GitHubStandIn } from "../stand-ins/github/index.js";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const tsxBin = join(repoRoot, "bot/node_modules/.bin/tsx");

let key: string | undefined;
/** An RSA key in GitHub's App key format (PKCS#1 PEM), made once per test file. */
export function appPrivateKey(): string {
  key ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  return key;
}

/** A free TCP port on 127.0.0.1 (Probot's server treats port 0 as "use 3000"). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The environment the bot process needs to talk to `gh` as the stand-in's App. */
export function botEnv(gh: GitHubStandIn, extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ID: String(gh.state.app.id),
    PRIVATE_KEY: appPrivateKey(),
    WEBHOOK_SECRET: "test-secret",
    GHE_HOST: new URL(gh.url).host,
    GHE_PROTOCOL: "http",
    UPKEEP_WRITE_INTERVAL_MS: "0",
    UPKEEP_RETRY_AFTER_SCALE_MS: "10",
    UPKEEP_SWEEP_TICK_SECONDS: "0",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    NODE_ENV: "test",
    ...extra,
  };
}

/** One webhook delivery. */
export interface Delivery {
  event: string;
  payload: unknown;
  id?: string;
}

/** A running bot server process. */
export interface BotProcess {
  url: string;
  secret: string;
  /** Everything the process wrote, for assertions and for failure messages. */
  output: () => string;
  /** POSTs a delivery signed with the webhook secret (or `signature` as given, `null` for none). */
  deliver(d: Delivery, options?: { signature?: string | null }): Promise<Response>;
  /** Resolves when the server has no queued work (polls /healthz). */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: a crash) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** `sha256=<hex>` of `body` with `secret`, as GitHub signs deliveries. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Starts `tsx bot/src/server.ts` on 127.0.0.1; resolves once /healthz answers. Rejects (with its output) on exit. */
export async function startBot(gh: GitHubStandIn, extraEnv: Record<string, string> = {}): Promise<BotProcess> {
  const port = await freePort();
  const env = { ...process.env, ...botEnv(gh, extraEnv), PORT: String(port), HOST: "127.0.0.1" };
  const child: ChildProcess = spawn(tsxBin, ["bot/src/server.ts"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: tsx runs the server in a child process, and a crash (SIGKILL) must take both.
    detached: true,
  });
  let out = "";
  const t0 = Date.now();
  const collect = (c: Buffer) => {
    out += `[+${Date.now() - t0} ms] ${c.toString()}`;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`bot exited with ${code}:\n${out}`))),
  );
  exited.catch(() => {});
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await Promise.race([
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
      exited,
    ]);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`bot did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const secret = env.WEBHOOK_SECRET ?? "test-secret";
  return {
    url,
    secret,
    output: () => out,
    async deliver(d, options = {}) {
      const body = JSON.stringify(d.payload);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-github-event": d.event,
        "x-github-delivery": d.id ?? randomUUID(),
        "user-agent": "GitHub-Hookshot/test",
      };
      const signature = options.signature === undefined ? sign(secret, body) : options.signature;
      if (signature !== null) headers["x-hub-signature-256"] = signature;
      return fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
    },
    async idle(timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < end) {
        const health = (await (await fetch(`${url}/healthz`)).json()) as { queued: number };
        quiet = health.queued === 0 ? quiet + 1 : 0;
        if (quiet >= 2) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`bot still busy after ${timeoutMs} ms:\n${out}`);
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      // The whole group: tsx forwards SIGTERM to the server, but nothing can forward SIGKILL.
      process.kill(-(child.pid ?? 0), signal);
      await gone;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-(child.pid ?? 0), "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests edit webhook payloads field by field, like GitHub's JSON.
export type Payload = Record<string, any>;

type Example = Record<string, unknown> & { action?: string; installation?: unknown };
const byEvent = new Map((examples as { name: string; examples: Example[] }[]).map((e) => [e.name, e.examples]));

/**
 * A real payload of `event` (the first example with `action`, if given) from @octokit/webhooks-examples, edited to
 * point at `repo` and `installationId`. `edit` changes anything else (comment body, sender ...).
 */
export function examplePayload(
  event: string,
  target: { repo: string; installationId: number; action?: string; defaultBranch?: string },
  edit: (p: Payload) => void = () => {},
): Payload {
  const list = byEvent.get(event) ?? [];
  const found = list.find((e) => !target.action || e.action === target.action);
  if (!found) throw new Error(`no ${event} example with action ${target.action}`);
  const p = structuredClone(found) as Payload;
  const [owner, name] = target.repo.split("/") as [string, string];
  if (p.repository) {
    p.repository.name = name;
    p.repository.full_name = target.repo;
    p.repository.owner.login = owner;
    p.repository.default_branch = target.defaultBranch ?? "main";
  }
  p.installation = {
    id: target.installationId,
    node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${target.installationId}`,
  };
  edit(p);
  return p;
}

/** An issue_comment.created payload: `login` (type User unless `bot`) comments `body` on issue `issue`. */
export function commentPayload(
  target: { repo: string; installationId: number },
  options: { body: string; login: string; issue: number; bot?: boolean; commentId?: number },
): Payload {
  return examplePayload("issue_comment", { ...target, action: "created" }, (p) => {
    const type = options.bot ? "Bot" : "User";
    p.comment.body = options.body;
    p.comment.id = options.commentId ?? Math.floor(Math.random() * 1e9);
    p.comment.user = { ...p.comment.user, login: options.login, type };
    p.sender = { ...p.sender, login: options.login, type };
    p.issue.number = options.issue;
  });
}

/** Polls `check` until it returns true (or throws with `what` after `timeoutMs`). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
