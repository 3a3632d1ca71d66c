// Tests never reach the network: a fetch or socket to anything but loopback fails at once, naming the
// address, instead of hanging. Tests that need the npm registry set UPKEEP_ALLOW_NPM_REGISTRY=1.
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;
const allowRegistry = process.env.UPKEEP_ALLOW_NPM_REGISTRY === "1";

function allowed(host: string | undefined): boolean {
  if (!host) return true; // unix sockets, or node's own default of localhost
  if (LOOPBACK.test(host)) return true;
  return allowRegistry && host === "registry.npmjs.org";
}

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: string | undefined;
  if (typeof first === "object" && first !== null && !Array.isArray(first)) {
    const o = first as { host?: string; path?: string };
    host = o.path ? undefined : (o.host ?? "localhost");
  } else if (typeof first === "number" || typeof first === "string") {
    host =
      typeof args[1] === "string"
        ? (args[1] as string)
        : typeof first === "string" && Number.isNaN(Number(first))
          ? undefined
          : "localhost";
  }
  if (!allowed(host)) {
    throw new Error(`test tried to reach ${host}: tests may only talk to 127.0.0.1 (use a stand-in)`);
  }
  return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!allowed(url.hostname)) {
    throw new Error(`test tried to fetch ${url.origin}: tests may only talk to 127.0.0.1 (use a stand-in)`);
  }
  return realFetch(input, init);
};
