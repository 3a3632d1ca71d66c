import { DEFAULT_IGNORE_PATHS } from "../config/ignore-paths.js";
import type { DriftConfig } from "../config/types.js";
import { ConfigError, InputError } from "../errors.js";
import type { Finding, Report, RuleDescriptor } from "../report/model.js";
import { UPKEEP_VERSION } from "../version.js";
import { DETECTORS } from "./registry.js";
import type { DriftDetector, DriftPorts, FileFix } from "./types.js";
import { createWorkspace } from "./workspace.js";

/** Options of {@link runDriftCheck}. */
export interface DriftCheckOptions {
  config: DriftConfig;
  /** Apply the mechanical fixes (write files), then report what is left. Default false: never writes. */
  fix?: boolean;
  /** Detector ids to run (even ones off by default). Default: every enabled detector. */
  detectors?: readonly string[];
  /** Check external links too. Default false (offline). */
  externalLinks?: boolean;
  /** `owner/name` of the repository, for `uses:` and container snippets. */
  repository?: string;
  /** The detectors to choose from. Default: {@link DETECTORS}. */
  registry?: ReadonlyMap<string, DriftDetector>;
}

/** A file `--fix` rewrote, with what was done to it. */
export interface FixedFile {
  file: string;
  fixes: string[];
}

/** The `data` of a docs drift report: the detectors that ran, how many docs they read, what `--fix` rewrote. */
export interface DriftCheckData {
  detectors: string[];
  docs: number;
  /** Markdown files the ignore paths (`drift.ignorePaths`) left out. */
  ignoredDocs: number;
  fixed: FixedFile[];
}

/** The outcome of {@link runDriftCheck}. */
export interface DriftCheckResult {
  report: Report<DriftCheckData>;
  /** Files written by `--fix` (always empty in check mode). */
  fixed: FixedFile[];
}

/**
 * Picks the detectors to run: the ones named (unknown names throw InputError), else those enabled in
 * `config.detectors` or on by default. Throws ConfigError for a configured id that is no detector.
 */
function selectDetectors(
  config: DriftConfig,
  names: readonly string[] | undefined,
  registry: ReadonlyMap<string, DriftDetector> = DETECTORS,
): DriftDetector[] {
  const known = [...registry.keys()].join(", ");
  if (names && names.length > 0) {
    return names.map((n) => {
      const d = registry.get(n);
      if (!d) throw new InputError(`unknown detector ${JSON.stringify(n)}`, { hint: `use one of: ${known}` });
      return d;
    });
  }
  const unknown = Object.keys(config.detectors).filter((id) => !registry.has(id));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((id) => ({
        file: ".github/upkeep.yml",
        key: `drift.detectors.${id}`,
        message: `unknown detector; known: ${known}`,
      })),
      { hint: "rename or remove the entry" },
    );
  }
  return [...registry.values()].filter((d) => {
    const c = config.detectors[d.id];
    return c ? c.enabled !== false : d.defaultEnabled;
  });
}

function byPlace(a: Finding, b: Finding): number {
  return (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule);
}

async function detect(
  options: DriftCheckOptions,
  ports: DriftPorts,
  detectors: DriftDetector[],
): Promise<{
  findings: Finding[];
  fixes: FileFix[];
  docs: number;
  ignoredDocs: number;
  notes: string[];
  ran: DriftDetector[];
  skipped: string[];
}> {
  const workspace = await createWorkspace(
    ports.fs,
    options.config.docs,
    ports.listFiles ? await ports.listFiles() : undefined,
    options.config.ignorePaths ?? DEFAULT_IGNORE_PATHS,
  );
  const notes: string[] = [];
  const findings: Finding[] = [];
  const fixes: FileFix[] = [];
  const skipped: string[] = [];
  const ran: DriftDetector[] = [];
  for (const d of detectors) {
    if (d.needsGit && !ports.git) {
      skipped.push(`${d.id} (needs git history)`);
      continue;
    }
    ran.push(d);
    const started = Date.now();
    const r = await d.run({
      ...ports,
      workspace,
      config: options.config,
      options: options.config.detectors[d.id] ?? { enabled: true },
      externalLinks: options.externalLinks || options.config.detectors.links?.external === true,
      ...(options.repository ? { repository: options.repository } : {}),
    });
    ports.logger.debug(`drift: ${d.id}: ${r.findings.length} finding(s) in ${Date.now() - started} ms`);
    findings.push(...r.findings);
    fixes.push(...r.fixes);
    for (const n of r.notes ?? []) if (!notes.includes(n)) notes.push(n);
  }
  return {
    findings,
    fixes,
    docs: workspace.docs.length,
    ignoredDocs: workspace.ignoredDocs.length,
    notes,
    ran,
    skipped,
  };
}

/**
 * Runs the docs drift detectors over the repository behind `ports.fs` and returns a Report
 * (`check: "drift-check"`, findings on the exact doc or code line, rules `drift/<detector>/<kind>`).
 * Check mode never writes. With `fix`, the detectors' mechanical fixes are applied file by file (only
 * files whose text changes are written), then everything is checked again so the report shows what
 * is left. Throws ConfigError for bad detector options, InputError for unreadable input.
 */
export async function runDriftCheck(options: DriftCheckOptions, ports: DriftPorts): Promise<DriftCheckResult> {
  const registry = options.registry ?? DETECTORS;
  const detectors = selectDetectors(options.config, options.detectors, registry);
  let run = await detect(options, ports, detectors);
  const fixed: FixedFile[] = [];
  if (options.fix && run.fixes.length > 0) {
    const byFile = new Map<string, FileFix[]>();
    for (const f of run.fixes) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    for (const [file, list] of byFile) {
      const before = await ports.fs.readText(file);
      let text = before;
      for (const f of list) text = f.apply(text);
      if (text === before) continue;
      await ports.fs.writeText(file, text);
      fixed.push({ file, fixes: list.map((f) => f.description) });
      ports.logger.info(`fixed ${file}: ${list.map((f) => f.description).join("; ")}`);
    }
    if (fixed.length > 0) run = await detect(options, ports, detectors);
  }
  const rules: RuleDescriptor[] = run.ran.flatMap((d) => d.rules);
  const notes = [
    `${run.docs} doc(s) checked by ${run.ran.map((d) => d.id).join(", ") || "no detector"}${options.externalLinks ? " (external links included)" : ""}.`,
  ];
  if (run.ignoredDocs > 0) {
    notes.push(
      `${run.ignoredDocs} Markdown file(s) under the ignore paths (drift.ignorePaths: ${(options.config.ignorePaths ?? DEFAULT_IGNORE_PATHS).join(", ")}) not checked; set drift.ignorePaths to check them.`,
    );
  }
  notes.push(...run.notes);
  if (run.skipped.length > 0) notes.push(`Skipped: ${run.skipped.join(", ")}.`);
  if (fixed.length > 0) notes.push(`Fixed ${fixed.length} file(s): ${fixed.map((f) => f.file).join(", ")}.`);
  return {
    report: {
      schemaVersion: 1,
      tool: { name: "upkeep", version: UPKEEP_VERSION },
      check: "drift-check",
      generatedAt: ports.clock.now().toISOString(),
      findings: run.findings.sort(byPlace),
      rules,
      data: { detectors: run.ran.map((d) => d.id), docs: run.docs, ignoredDocs: run.ignoredDocs, fixed },
      notes,
    },
    fixed,
  };
}
