/**
 * Ports (design §1): the small interfaces through which engines reach the outside world.
 * Shells pass real implementations (shared/src/io/), tests pass in-memory ones.
 */

/** Read (and, for --fix/--write, write) files below one root. Paths are relative, with `/`. */
export interface FileSystemPort {
  /** The root as the user would name it (for messages only). */
  readonly root: string;
  /** Reads a UTF-8 file. Throws InputError naming the file when it is missing or unreadable. */
  readText(path: string): Promise<string>;
  /** Reads raw bytes. Throws InputError naming the file when it is missing or unreadable. */
  readBytes(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  /** Size in bytes, or undefined when the file does not exist. */
  size(path: string): Promise<number | undefined>;
  /**
   * Every file below `dir` (default: the root), relative to the root, sorted. Directories whose
   * name is in `skipDirs` are not entered (default: node_modules, vendor, .git).
   */
  walk(options?: { dir?: string; skipDirs?: readonly string[] }): Promise<string[]>;
  /** Writes a UTF-8 file (creating folders). Only commands that fix or write call this. */
  writeText(path: string, text: string): Promise<void>;
}

/** Read-only access to a git repository's history. */
export interface GitPort {
  /** The content of `path` at `ref`, or undefined when the file does not exist there. */
  show(ref: string, path: string): Promise<string | undefined>;
  /** Resolves a ref to a full commit SHA; throws InputError when it does not exist. */
  revParse(ref: string): Promise<string>;
  /** Runs `git` with arguments and returns stdout (for engines that stream `git log`). */
  run(args: readonly string[]): Promise<string>;
}

/** The current time; tests inject a fake clock. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A fetch function (the global fetch, or one bound to a stand-in in tests). */
export type FetchPort = typeof fetch;
