// Preloaded (node --import) into every action the harness runs, and into every upkeep run of the real-repository
// corpus (bench/corpus/run.mjs): the process may talk to loopback only, so a forgotten GITHUB_API_URL or a
// hard-coded public URL fails at once, naming the host, instead of leaving the machine. With
// UPKEEP_NET_LOG set, each refused host is also appended to that file (the corpus reports them). Mirrors
// test/setup/no-network.ts, which guards the test process itself.
import { appendFileSync } from "node:fs";
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;
const log = process.env.UPKEEP_NET_LOG;

function refuse(host) {
  if (log) appendFileSync(log, `${host}\n`);
  return new Error(`the process tried to reach ${host}: here it may only talk to 127.0.0.1`);
}

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  let host;
  if (typeof first === "object" && first !== null && !Array.isArray(first)) {
    host = first.path ? undefined : (first.host ?? "localhost");
  } else if (typeof first === "number" || (typeof first === "string" && !Number.isNaN(Number(first)))) {
    host = typeof args[1] === "string" ? args[1] : "localhost";
  }
  if (host !== undefined && !LOOPBACK.test(host)) throw refuse(host);
  return realConnect.apply(this, args);
};

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!LOOPBACK.test(url.hostname)) throw refuse(url.origin);
  return realFetch(input, init);
};
