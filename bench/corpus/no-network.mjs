// Preloaded (node --import) into every upkeep run of the corpus: the corpus is scanned offline, so any
// connection that leaves the machine is refused and written to UPKEEP_CORPUS_NET_LOG, and the report of
// that run says which host was asked. This is how the corpus proves that `patch-check --offline` and the
// default drift-check make no request at all.
import { appendFileSync } from "node:fs";
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;
const log = process.env.UPKEEP_CORPUS_NET_LOG;

function refuse(host) {
  if (log) appendFileSync(log, `${host}\n`);
  return new Error(`the corpus run is offline: refused a connection to ${host}`);
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
