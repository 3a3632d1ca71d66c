// Workflow annotations (file and line in the pull request's diff view) through @actions/core.
import * as core from "@actions/core";
import type { WorkflowAnnotation } from "@upkeep/shared/report/annotations.js";

/** Emits `a` as an error, warning or notice annotation, with only the location fields it has. Never throws. */
export function annotate(a: WorkflowAnnotation): void {
  const props = {
    title: a.title,
    ...(a.file ? { file: a.file } : {}),
    ...(a.startLine ? { startLine: a.startLine } : {}),
    ...(a.endLine ? { endLine: a.endLine } : {}),
    ...(a.startColumn ? { startColumn: a.startColumn } : {}),
  };
  if (a.level === "error") core.error(a.message, props);
  else if (a.level === "warning") core.warning(a.message, props);
  else core.notice(a.message, props);
}
