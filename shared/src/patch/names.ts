import type { Ecosystem } from "./types.js";

/** PEP 503: lowercase, and every run of `-`, `_`, `.` becomes one `-` (`Jinja2`, `jinja_2` → `jinja2`, `jinja-2`). */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * The name as OSV, registries and lockfiles agree to compare it: PEP 503 for PyPI, lowercase for Packagist
 * (Composer names are case-insensitive); npm, Go module paths, Maven `group:artifact`, RubyGems and crates
 * are compared as written, trimmed. Never throws.
 */
export function normalizePackageName(ecosystem: Ecosystem | string, name: string): string {
  const trimmed = name.trim();
  if (ecosystem === "PyPI") return normalizePypiName(trimmed);
  if (ecosystem === "Packagist") return trimmed.toLowerCase();
  return trimmed;
}
