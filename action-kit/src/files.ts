/**
 * Paths and files of an action run: findings rebased from the checked folder to the workspace (where
 * annotations and SARIF need them), report files written into the workspace, and annotations for errors
 * that point into a file. No @actions import; the shells emit the annotations with `core`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, posix, relative, resolve, sep } from "node:path";
import type { ConfigError, InputError } from "@upkeep/shared/errors.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { WorkflowAnnotation } from "@upkeep/shared/report/annotations.js";
import type { AnyReport } from "@upkeep/shared/report/model.js";

/** An absolute path as annotations and outputs name it: relative to the workspace, with `/`. */
export function workspacePath(workspace: string, abs: string): string {
  return relative(workspace, abs).split(sep).join("/");
}

/** `path` (relative to `from`, or absolute) as a `/`-separated path relative to `to`. */
function rebasePath(from: string, to: string, path: string): string {
  return relative(to, resolve(from, path)).split(sep).join("/");
}

/**
 * Findings name files relative to the checked folder; annotations and SARIF need them relative to the
 * repository root (the workspace) when working-directory points below it. `prefix` `""` returns `report`;
 * otherwise paths are normalised (`app/../CHANGELOG.md` becomes `CHANGELOG.md`).
 */
export function withPathPrefix<R extends AnyReport>(report: R, prefix: string): R {
  if (!prefix) return report;
  return {
    ...report,
    findings: report.findings.map((f) =>
      f.file === undefined ? f : { ...f, file: posix.normalize(`${prefix}/${f.file}`) },
    ),
  };
}

/**
 * Writes a report file (`file` relative to the workspace, or absolute), creating folders, with a final
 * newline. Returns its workspace-relative path for the step output. Throws the filesystem's error.
 */
async function writeReportFile(workspace: string, file: string, text: string): Promise<string> {
  const abs = isAbsolute(file) ? file : resolve(workspace, file);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, text.endsWith("\n") ? text : `${text}\n`, "utf8");
  return workspacePath(workspace, abs);
}

/**
 * Writes the SARIF and JSON report files the step asks for (each `undefined` is skipped and its render
 * function not called) and logs where they went. Returns their workspace-relative paths for the step
 * outputs, `""` for a file not written. Throws the filesystem's error.
 */
export async function writeReportFiles(
  workspace: string,
  files: { sarifFile: string | undefined; jsonFile: string | undefined },
  render: { sarif: () => string; json: () => string },
  logger: Logger,
): Promise<{ sarifFile: string; jsonFile: string }> {
  let sarifFile = "";
  if (files.sarifFile) {
    sarifFile = await writeReportFile(workspace, files.sarifFile, render.sarif());
    logger.info(`wrote SARIF to ${sarifFile}`);
  }
  let jsonFile = "";
  if (files.jsonFile) {
    jsonFile = await writeReportFile(workspace, files.jsonFile, render.json());
    logger.info(`wrote the JSON report to ${jsonFile}`);
  }
  return { sarifFile, jsonFile };
}

/**
 * One error annotation per configuration problem, on its line of the config file (files of other
 * repositories, `owner/repo:path` from `_extends`, get none). Paths in `err` are relative to `root`.
 */
export function configErrorAnnotations(err: ConfigError, workspace: string, root: string): WorkflowAnnotation[] {
  return err.problems.map((p) => {
    const local = !/^[^/]+\/[^/:]+:/.test(p.file);
    return {
      level: "error",
      message: `${p.key ? `${p.key}: ` : ""}${p.message}`,
      title: "Invalid Upkeep configuration",
      ...(local ? { file: rebasePath(root, workspace, p.file) } : {}),
      ...(local && p.line ? { startLine: p.line } : {}),
      ...(local && p.line && p.column ? { startColumn: p.column } : {}),
    };
  });
}

/** An error annotation on the line where reading an input file stopped; undefined when `err` has no location. */
export function inputErrorAnnotation(
  err: InputError,
  workspace: string,
  root: string,
  title: string,
): WorkflowAnnotation | undefined {
  const loc = err.location;
  if (!loc) return undefined;
  return {
    level: "error",
    message: err.message,
    title,
    file: rebasePath(root, workspace, loc.file),
    ...(loc.line ? { startLine: loc.line } : {}),
    ...(loc.line && loc.column ? { startColumn: loc.column } : {}),
  };
}
