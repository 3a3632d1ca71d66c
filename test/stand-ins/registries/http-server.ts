// A small loopback HTTP server for the OSV and registry stand-ins: request log, fault injection
// (status, garbage body, delay), and an optional bearer-token gate.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path as sent (still percent-encoded), without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** A planned misbehaviour for requests whose path matches. */
export interface Fault {
  /** Applies to paths containing this string / matching this pattern. Default: every path. */
  path?: string | RegExp;
  /** Answer with this status (and `body`, default a JSON error) instead of the real handler. */
  status?: number;
  /** Answer 200 (or `status`) with this raw body. */
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (then answer normally unless `status`/`body` is set). */
  delayMs?: number;
  /** How many matching requests it applies to. Default 1; `Infinity` for all. */
  times?: number;
}

export interface StandIn {
  url: string;
  requests: RecordedRequest[];
  fault(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** When set, every request must carry `Authorization: Bearer <token>`; 401 otherwise. */
  token?: string;
}

function send(res: ServerResponse, reply: Reply): void {
  const status = reply.status ?? 200;
  const headers: Record<string, string> = { ...reply.headers };
  let body = "";
  if (reply.text !== undefined) {
    body = reply.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers["content-type"] ??= "application/json";
  }
  res.writeHead(status, headers);
  res.end(body);
}

/** Starts a server on 127.0.0.1 (port chosen by the OS) that answers with `handler`. */
export async function startServer(
  handler: (req: RecordedRequest) => Reply | Promise<Reply>,
  options: ServerOptions = {},
): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  let faults: (Fault & { left: number })[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const full = new URL(req.url ?? "/", "http://stand-in");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: (req.url ?? "/").split("?")[0]!,
        query: full.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const fault = faults.find(
        (f) =>
          f.left > 0 &&
          (f.path === undefined ||
            (typeof f.path === "string" ? recorded.path.includes(f.path) : f.path.test(recorded.path))),
      );
      if (fault) fault.left--;
      faults = faults.filter((f) => f.left > 0);
      try {
        if (fault?.delayMs) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(() => {
              timers.delete(t);
              resolve();
            }, fault.delayMs);
            timers.add(t);
          });
          if (res.destroyed) return;
        }
        if (fault && (fault.status !== undefined || fault.body !== undefined)) {
          const status = fault.status ?? 200;
          const reply: Reply = { status, ...(fault.headers ? { headers: fault.headers } : {}) };
          if (fault.body !== undefined) reply.text = fault.body;
          else reply.json = { code: status, message: `injected fault ${status}` };
          return send(res, reply);
        }
        if (options.token !== undefined && recorded.headers.authorization !== `Bearer ${options.token}`) {
          return send(res, { status: 401, json: { error: "authentication required" } });
        }
        send(res, await handler(recorded));
      } catch (err) {
        if (!res.headersSent) send(res, { status: 500, json: { error: String(err) } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fault(f) {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    clearFaults() {
      faults = [];
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
