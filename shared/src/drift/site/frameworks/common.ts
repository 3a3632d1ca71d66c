/** Helpers the framework files share: config values, page paths to URLs. */

import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";

/** The folder of a repository-relative path (`""` for the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** Joins repository-relative segments, resolving `.` and `..` (never above the root). */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const seg of parts.join("/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out.join("/");
}

/** `path` relative to `dir` when it is inside it; undefined otherwise. */
export function under(dir: string, path: string): string | undefined {
  if (dir === "") return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

/** A page path without its Markdown extension. */
export function withoutExt(rel: string): string {
  return rel.replace(/\.(md|mdx|markdown|rst|html?)$/i, "");
}

/** `guide/index` → `guide/`, `guide/setup` → `guide/setup` (+`/` with directory URLs). */
export function cleanUrl(relNoExt: string, directoryUrls: boolean, indexNames: readonly string[] = ["index"]): string {
  const segs = relNoExt.split("/");
  const last = segs.at(-1) ?? "";
  if (indexNames.some((n) => n.toLowerCase() === last.toLowerCase())) {
    segs.pop();
    return `/${segs.join("/")}${segs.length ? "/" : ""}`;
  }
  return `/${relNoExt}${directoryUrls ? "/" : ""}`;
}

/**
 * A string option written literally in a JavaScript/TypeScript config (`srcDir: "./src"`). Docs-site
 * configs are code that cannot be run here (they import the site's own dependencies), so only literal
 * values are read and anything computed falls back to the framework's default.
 */
export function jsStringOption(text: string, key: string): string | undefined {
  const m = new RegExp(String.raw`\b${key}\s*:\s*(['"\`])([^'"\`$]*)\1`).exec(text);
  return m?.[2];
}

/** Every literal value of `key` in a JavaScript config, in order. */
export function jsStringOptions(text: string, key: string): string[] {
  return [...text.matchAll(new RegExp(String.raw`\b${key}\s*:\s*(['"\`])([^'"\`$]*)\1`, "g"))].map((m) => m[2] ?? "");
}

/** Parses a YAML, TOML or JSON config by its extension; `{}` when it does not parse. Never throws. */
export function parseConfig(path: string, text: string): Record<string, unknown> {
  try {
    const data: unknown = /\.toml$/i.test(path)
      ? parseToml(text)
      : /\.json$/i.test(path)
        ? JSON.parse(text)
        : parseYaml(text, { logLevel: "silent", uniqueKeys: false });
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The path part of a URL or path-like base (`https://x.io/docs/` → `/docs/`); `/` when there is none. */
export function basePathOf(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") return "/";
  let p = value.trim();
  const scheme = /^[a-z]+:\/\/[^/]+/i.exec(p);
  if (scheme) p = p.slice(scheme[0].length);
  if (!p.startsWith("/")) p = `/${p}`;
  return p.endsWith("/") ? p : `${p}/`;
}

/** A front matter string value, trimmed; undefined when absent or not a string. */
export function fmString(fm: Record<string, unknown>, key: string): string | undefined {
  const v = fm[key];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : undefined;
}
