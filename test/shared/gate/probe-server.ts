// A staging service for health probes: /ok, /error-body (200 with an error), /empty (200, no body), /500, /slow
// (300 ms), /flaky (every third request 503), /hang (never answers).
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProbeServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

/** Starts the probe server on 127.0.0.1 (free port). */
export async function startProbeServer(): Promise<ProbeServer> {
  const hits: string[] = [];
  const hanging = new Set<ServerResponse>();
  let flaky = 0;
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    switch (req.url) {
      case "/ok":
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
        return;
      case "/error-body":
        res.writeHead(200, { "content-type": "application/json" }).end('{"status": "error","detail":"db down"}');
        return;
      case "/empty":
        res.writeHead(200).end();
        return;
      case "/slow":
        setTimeout(() => res.writeHead(200).end('{"status":"ok"}'), 300);
        return;
      case "/flaky":
        // Every third request fails: never three successes in a row after the first two.
        flaky += 1;
        if (flaky % 3 === 0) res.writeHead(503).end("busy");
        else res.writeHead(200).end('{"status":"ok"}');
        return;
      case "/500":
        res.writeHead(500).end("oops");
        return;
      case "/hang":
        hanging.add(res);
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
