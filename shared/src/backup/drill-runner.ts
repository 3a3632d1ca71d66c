import { InputError } from "../errors.js";
import type { Finding } from "../report/model.js";
import { DRILLS } from "./drills/registry.js";
import type { DrillResult } from "./drills/types.js";
import { type DecryptionKeys, decrypted } from "./encrypted/index.js";
import type { DrillEvidence } from "./engine.js";
import type { ResolvedSet } from "./settings.js";
import type { ObjectStore } from "./storage/types.js";
import type { BackupPorts, StoredObject } from "./types.js";

/**
 * Runs the set's restore drill on one backup: checks the drill's programs are installed, makes a
 * scratch folder, restores and validates, and removes the folder whatever happens. A failed drill
 * or one slower than `rto` is a finding; a missing program or unknown drill throws InputError.
 */
export async function runDrill(
  set: ResolvedSet,
  store: ObjectStore,
  object: StoredObject,
  ports: BackupPorts,
  monotonic: () => number,
  keys?: DecryptionKeys,
): Promise<{ evidence: DrillEvidence; findings: Finding[] }> {
  const options = set.restore!;
  const drill = DRILLS.get(options.type);
  if (!drill) {
    throw new InputError(`${set.name}: unknown restore drill ${JSON.stringify(options.type)}`, {
      hint: `use one of: ${[...DRILLS.keys()].join(", ")}`,
    });
  }
  if (!ports.process || !ports.scratch) {
    throw new InputError(`${set.name}: restore drills need the process and scratch ports`);
  }
  for (const p of drill.programs) {
    if (!(await ports.process.which(p.name))) {
      throw new InputError(`${set.name}: the ${drill.id} drill needs ${p.name}, which is not installed`, {
        hint: `install it: apt-get install -y ${p.debianPackage}`,
      });
    }
  }
  const at = ports.clock.now().toISOString();
  ports.logger.info(`backup-verify: ${set.name}: ${drill.id} restore drill of ${object.display}`);
  const workDir = await ports.scratch.makeDir("upkeep-drill-");
  const started = monotonic();
  let result: DrillResult;
  try {
    result = await drill.run({
      backup: { display: object.display, key: object.key, size: object.size },
      // with the set's keys an encrypted backup is restored from its plaintext
      open: () => (keys ? decrypted(store.read(object), keys) : store.read(object)),
      workDir,
      options,
      process: ports.process,
      scratch: ports.scratch,
      logger: ports.logger,
      env: ports.env ?? {},
    });
  } catch (err) {
    result = { ok: false, message: err instanceof Error ? err.message : String(err), checks: [] };
  } finally {
    await ports.scratch.remove(workDir);
  }
  const durationMs = Math.round(monotonic() - started);
  const evidence: DrillEvidence = {
    type: drill.id,
    backup: object.display,
    ok: result.ok,
    durationMs,
    ...(set.rtoMs !== undefined ? { rtoMs: set.rtoMs } : {}),
    message: result.message,
    checks: result.checks,
    at,
  };
  const findings: Finding[] = [];
  const base = { set: set.name, location: set.location, backup: object.display, durationMs };
  if (!result.ok) {
    findings.push({
      rule: "backup/restore-failed",
      level: "error",
      severity: "high",
      title: `${drill.id} restore drill of ${object.display} failed`,
      message: `${result.message}${result.output ? `\n${result.output}` : ""}`,
      fingerprint: `backup/restore-failed:${set.name}`,
      properties: { ...base, checks: result.checks },
    });
  }
  if (set.rtoMs !== undefined && durationMs > set.rtoMs) {
    findings.push({
      rule: "backup/rto-exceeded",
      level: "error",
      severity: "high",
      title: `Restore of ${object.display} took ${(durationMs / 1000).toFixed(1)}s (rto ${(set.rtoMs / 1000).toFixed(0)}s)`,
      message: `The ${drill.id} drill needed ${(durationMs / 1000).toFixed(1)}s, more than the recovery time objective. Speed up the restore path or revise the RTO.`,
      fingerprint: `backup/rto-exceeded:${set.name}`,
      properties: { ...base, rtoMs: set.rtoMs },
    });
  }
  return { evidence, findings };
}
