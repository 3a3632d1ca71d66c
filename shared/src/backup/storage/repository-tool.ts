import { InputError } from "../../errors.js";
import type { BackupPorts, ProcessPort, ProcessResult } from "../types.js";

/** The process port, or an InputError saying the tool is needed and how to install it. */
export async function toolProcess(ports: BackupPorts, program: string, debianPackage: string): Promise<ProcessPort> {
  if (!ports.process) throw new InputError(`${program} repositories need the process port`);
  if (!(await ports.process.which(program))) {
    throw new InputError(`${program} is not installed`, { hint: `install it: apt-get install -y ${debianPackage}` });
  }
  return ports.process;
}

/** The lines of a tool's output worth showing in a finding: errors first, at most `max` lines. */
export function relevantOutput(r: ProcessResult, max = 40): string {
  const lines = `${r.stderr}\n${r.stdout}`
    .split("\n")
    .map((l) => l.trimEnd())
    .filter(Boolean);
  const important = lines.filter((l) => /error|fatal|corrupt|mismatch|damaged|missing|invalid|fail/i.test(l));
  const chosen = important.length ? important : lines;
  return chosen.length > max
    ? [...chosen.slice(0, max), `… ${chosen.length - max} more lines`].join("\n")
    : chosen.join("\n");
}

/** Environment for a repository tool: the caller's passwords and settings, never anything else. */
export function toolEnv(
  ports: BackupPorts,
  names: readonly string[],
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = { ...extra };
  for (const n of names) {
    const v = ports.env?.[n];
    if (v !== undefined) env[n] = v;
  }
  return env;
}
