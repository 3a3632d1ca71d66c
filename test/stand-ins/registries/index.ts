// Registry stand-ins for the "outdated" version sources, one per registry, all with `seed(name, releases)`.
import { startCratesStandIn } from "./crates.js";
import { startGoProxyStandIn } from "./goproxy.js";
import type { ServerOptions } from "./http-server.js";
import { type RegistryStandIn, startNpmStandIn } from "./npm.js";
import { startPackagistStandIn } from "./packagist.js";
import { startPypiStandIn } from "./pypi.js";
import { startRubygemsStandIn } from "./rubygems.js";

export type { Fault, RecordedRequest, ServerOptions, StandIn } from "./http-server.js";
export { startServer } from "./http-server.js";
export type { RegistryStandIn } from "./npm.js";
export {
  startCratesStandIn,
  startGoProxyStandIn,
  startNpmStandIn,
  startPackagistStandIn,
  startPypiStandIn,
  startRubygemsStandIn,
};

/** Stand-in starters keyed like shared/src/patch/datasources/registries/registry.ts. */
export const registryStandIns: Readonly<Record<string, (options?: ServerOptions) => Promise<RegistryStandIn>>> = {
  npm: startNpmStandIn,
  pypi: startPypiStandIn,
  crates: startCratesStandIn,
  goproxy: startGoProxyStandIn,
  packagist: startPackagistStandIn,
  rubygems: startRubygemsStandIn,
};
