// Preloaded (node --import) into every action the harness runs: the action may talk to loopback stand-ins
// only, so a forgotten GITHUB_API_URL or a hard-coded public URL fails at once, naming the host, instead of
// leaving the machine. Mirrors test/setup/no-network.ts, which guards the test process itself.
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;

function refuse(host) {
  return new Error(`the action tried to reach ${host}: under the test harness it may only talk to 127.0.0.1`);
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
