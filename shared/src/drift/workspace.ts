import type { Root } from "mdast";
import picomatch from "picomatch";
import { DEFAULT_IGNORE_PATHS } from "../config/ignore-paths.js";
import type { FileSystemPort } from "../ports.js";
import { type AnchorOptions, anchorSet, parseMarkdown } from "./markdown.js";

/** A Markdown file, read and parsed once per run. */
export interface ParsedDoc {
  path: string;
  text: string;
  root: Root;
}

/**
 * The repository as one drift run sees it: the file list walked once, the docs selected once, and
 * every file read and every Markdown file parsed at most once, whichever detectors ask.
 */
export interface Workspace {
  fs: FileSystemPort;
  /** Every file (relative, `/`, sorted; node_modules, vendor and .git skipped). */
  files: readonly string[];
  fileSet: ReadonlySet<string>;
  /** Every folder that holds a file (relative, no trailing `/`; `""` for the root). */
  dirs: ReadonlySet<string>;
  /** Markdown files matching the docs globs, less those under the ignore paths. */
  docs: readonly string[];
  /** Markdown files matching the docs globs that the ignore paths left out (reported as a count). */
  ignoredDocs: readonly string[];
  /** Whether a path is under the ignore paths. */
  isIgnored(path: string): boolean;
  /** Reads a file (cached). Throws InputError when it does not exist. */
  read(path: string): Promise<string>;
  /** Reads and parses a Markdown file (cached). Throws InputError when it does not exist. */
  doc(path: string): Promise<ParsedDoc>;
  /** The anchors of a Markdown file under `options` (cached); undefined when the file does not exist. */
  anchors(path: string, options?: AnchorOptions): Promise<Set<string> | undefined>;
  /** Files matching any of `globs` (picomatch, `dot` off), less those under the ignore paths. */
  match(globs: readonly string[]): string[];
}

/** Whether a path names a Markdown file. */
export function isMarkdown(path: string): boolean {
  return /\.(md|markdown|mdx)$/i.test(path);
}

/**
 * Lists the repository once (`listed`, default `fs.walk()`) and selects the docs: Markdown files
 * matching `docsGlobs` and not under `ignorePaths` (default {@link DEFAULT_IGNORE_PATHS}; every file
 * still counts as a link target). Throws only what the FileSystemPort throws.
 */
export async function createWorkspace(
  fs: FileSystemPort,
  docsGlobs: readonly string[],
  listed?: readonly string[],
  ignorePaths: readonly string[] = DEFAULT_IGNORE_PATHS,
): Promise<Workspace> {
  const ignoredMatch = ignorePaths.length > 0 ? picomatch([...ignorePaths], { dot: true }) : () => false;
  const files = listed ? [...listed].sort() : await fs.walk();
  const fileSet = new Set(files);
  const dirs = new Set<string>([""]);
  for (const f of files) {
    let i = f.lastIndexOf("/");
    while (i > 0) {
      const d = f.slice(0, i);
      if (dirs.has(d)) break;
      dirs.add(d);
      i = d.lastIndexOf("/");
    }
  }
  const texts = new Map<string, Promise<string>>();
  const docs = new Map<string, Promise<ParsedDoc>>();
  const anchors = new Map<string, Promise<Set<string> | undefined>>();
  const read = (path: string): Promise<string> => {
    let p = texts.get(path);
    if (!p) {
      p = fs.readText(path);
      texts.set(path, p);
    }
    return p;
  };
  const doc = (path: string): Promise<ParsedDoc> => {
    let p = docs.get(path);
    if (!p) {
      p = read(path).then((text) => ({ path, text, root: parseMarkdown(text) }));
      docs.set(path, p);
    }
    return p;
  };
  const isIgnored = (path: string): boolean => ignoredMatch(path);
  const matchAll = (globs: readonly string[]): string[] => {
    if (globs.length === 0) return [];
    const isMatch = picomatch([...globs]);
    return files.filter((f) => isMatch(f));
  };
  const match = (globs: readonly string[]): string[] => matchAll(globs).filter((f) => !isIgnored(f));
  const allDocs = matchAll(docsGlobs).filter(isMarkdown);
  return {
    fs,
    files,
    fileSet,
    dirs,
    docs: allDocs.filter((f) => !isIgnored(f)),
    ignoredDocs: allDocs.filter(isIgnored),
    isIgnored,
    read,
    doc,
    anchors(path, options = {}) {
      const key = `${path}\u0000${options.style ?? "github"}:${options.customIds === true}:${options.definitionTerms === true}:${options.dropInlineHtml === true}`;
      let p = anchors.get(key);
      if (!p) {
        p = fileSet.has(path) ? doc(path).then((d) => anchorSet(d.root, options)) : Promise.resolve(undefined);
        anchors.set(key, p);
      }
      return p;
    },
    match,
  };
}
