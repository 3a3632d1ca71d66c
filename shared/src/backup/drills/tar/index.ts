import { posix } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { extract, type Header as TarHeader } from "tar-stream";
import { zipReader } from "../../readers/zip/index.js";
import { parseSize } from "../../settings.js";
import { decompressed } from "../decode.js";
import type { DrillContext, DrillResult, RestoreDrill } from "../types.js";

const DEFAULT_MAX_BYTES = 10 * 1024 ** 3;
const DEFAULT_MAX_FILES = 1_000_000;

/** A refusal: the archive tries to leave the folder or exceeds a limit. */
class UnsafeArchive extends Error {}

/**
 * The safe relative path of an entry, or an UnsafeArchive: absolute names, `..` segments and names
 * that pass through a symlink extracted earlier are refused (the classic tar/zip-slip attacks).
 */
function safeName(name: string, links: Set<string>): string {
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.includes("\0")) {
    throw new UnsafeArchive(`entry ${JSON.stringify(name)} has an absolute path`);
  }
  const parts = name.split(/[\\/]+/).filter((p) => p && p !== ".");
  if (parts.includes("..")) throw new UnsafeArchive(`entry ${JSON.stringify(name)} climbs out with ..`);
  for (let i = 1; i < parts.length; i++) {
    if (links.has(parts.slice(0, i).join("/"))) {
      throw new UnsafeArchive(
        `entry ${JSON.stringify(name)} is written through the symlink ${parts.slice(0, i).join("/")}`,
      );
    }
  }
  return parts.join("/");
}

/** Refuses a link whose target resolves outside the extraction folder. */
function safeLinkTarget(entry: string, target: string, kind: "symlink" | "hard link"): void {
  if (target.startsWith("/")) throw new UnsafeArchive(`${kind} ${entry} points to the absolute path ${target}`);
  const resolved = posix.normalize(kind === "symlink" ? posix.join(posix.dirname(entry), target) : target);
  if (resolved === ".." || resolved.startsWith("../")) {
    throw new UnsafeArchive(`${kind} ${entry} → ${target} points outside the extraction folder`);
  }
}

interface Limits {
  maxBytes: number;
  maxFiles: number;
  bytes: number;
  files: number;
}

function count(limits: Limits, size: number, name: string): void {
  limits.files++;
  if (limits.files > limits.maxFiles) {
    throw new UnsafeArchive(`more than ${limits.maxFiles} entries (at ${name}): refusing a possible archive bomb`);
  }
  if (limits.bytes + size > limits.maxBytes) {
    throw new UnsafeArchive(
      `more than ${limits.maxBytes} bytes when extracted (at ${name}): refusing a possible archive bomb`,
    );
  }
}

async function extractTar(
  ctx: DrillContext,
  stream: AsyncIterable<Uint8Array>,
  root: string,
  limits: Limits,
): Promise<void> {
  const links = new Set<string>();
  const ex = extract();
  let failure: Error | undefined;
  ex.on("entry", (header: TarHeader, body, next) => {
    // A source that fails mid-entry (a truncated .tar.gz) destroys the entry's body with that error: the
    // pipeline below reports it, so the body's own error event must not go unhandled (it crashed the process).
    body.on("error", () => {});
    const run = async () => {
      const rel = safeName(header.name, links);
      if (!rel) return;
      const target = posix.join(root, rel);
      switch (header.type) {
        case "directory":
          await ctx.scratch.mkdir(target);
          return;
        case "file":
        case "contiguous-file": {
          count(limits, header.size ?? 0, rel);
          await ctx.scratch.mkdir(posix.dirname(target));
          const written = await ctx.scratch.writeFile(target, body as unknown as AsyncIterable<Uint8Array>, {
            maxBytes: limits.maxBytes - limits.bytes,
          });
          limits.bytes += written;
          return;
        }
        case "symlink":
          safeLinkTarget(rel, header.linkname ?? "", "symlink");
          count(limits, 0, rel);
          await ctx.scratch.mkdir(posix.dirname(target));
          await ctx.scratch.symlink(header.linkname ?? "", target);
          links.add(rel);
          return;
        case "link":
          safeLinkTarget(rel, safeName(header.linkname ?? "", links), "hard link");
          throw new UnsafeArchive(`hard link ${rel} → ${header.linkname}: hard links are not extracted by the drill`);
        default:
          throw new UnsafeArchive(`entry ${rel} is a ${header.type}; only files, folders and symlinks are extracted`);
      }
    };
    // `next` once the entry is handled and its body has ended (a file's body ends while being written)
    let ended = false;
    let handled = false;
    const maybeNext = () => {
      if (ended && handled) next();
    };
    body.on("end", () => {
      ended = true;
      maybeNext();
    });
    run().then(
      () => {
        handled = true;
        body.resume();
        maybeNext();
      },
      (err: Error) => {
        failure ??= err;
        next(err);
      },
    );
  });
  try {
    await pipeline(Readable.from(stream, { objectMode: false }), ex);
  } catch (err) {
    throw failure ?? err;
  }
  if (failure) throw failure;
}

async function extractZip(
  ctx: DrillContext,
  data: AsyncIterable<Uint8Array>,
  root: string,
  limits: Limits,
): Promise<void> {
  const links = new Set<string>();
  const pending: Promise<void>[] = [];
  let failure: Error | undefined;
  const unzip = new Unzip((file: UnzipFile) => {
    try {
      const rel = safeName(file.name, links);
      if (!rel || file.name.endsWith("/")) {
        if (rel) pending.push(ctx.scratch.mkdir(posix.join(root, rel)));
        return;
      }
      count(limits, file.originalSize ?? 0, rel);
      const target = posix.join(root, rel);
      const chunks: Uint8Array[] = [];
      let size = 0;
      let resolveDone: () => void = () => {};
      const done = new Promise<void>((r) => {
        resolveDone = r;
      });
      file.ondata = (err, chunk, final) => {
        if (err) {
          failure ??= err;
          resolveDone();
          return;
        }
        size += chunk.length;
        if (limits.bytes + size > limits.maxBytes) {
          failure ??= new UnsafeArchive(
            `more than ${limits.maxBytes} bytes when extracted (at ${rel}): refusing a possible archive bomb`,
          );
          file.terminate();
          resolveDone();
          return;
        }
        chunks.push(chunk);
        if (final) resolveDone();
      };
      pending.push(
        done.then(async () => {
          if (failure) return;
          limits.bytes += size;
          await ctx.scratch.mkdir(posix.dirname(target));
          await ctx.scratch.writeFile(
            target,
            (async function* () {
              yield* chunks;
            })(),
          );
        }),
      );
      file.start();
    } catch (err) {
      failure ??= err as Error;
    }
  });
  unzip.register(UnzipInflate);
  for await (const chunk of data) {
    if (failure) break;
    unzip.push(chunk);
  }
  if (!failure) unzip.push(new Uint8Array(0), true);
  await Promise.all(pending);
  if (failure) throw failure;
}

/**
 * tar and zip archives (optionally gzip/zstd/xz compressed): extracts into the scratch folder with no
 * path traversal, no link leaving the folder and size/entry limits against bombs, then checks the
 * expected paths and runs the optional command there.
 */
export const tarDrill: RestoreDrill = {
  id: "tar",
  description:
    "tar/zip: safe extraction (no traversal, no escaping links, size and entry limits), expected paths, optional command",
  programs: [],
  async run(ctx): Promise<DrillResult> {
    const root = posix.join(ctx.workDir, "restore");
    await ctx.scratch.mkdir(root);
    const limits: Limits = {
      maxBytes:
        ctx.options.maxBytes === undefined ? DEFAULT_MAX_BYTES : parseSize(ctx.options.maxBytes, "restore.maxBytes"),
      maxFiles: ctx.options.maxFiles ?? DEFAULT_MAX_FILES,
      bytes: 0,
      files: 0,
    };
    const { head, stream, layers } = await decompressed(ctx.open());
    const checks: string[] = [];
    try {
      if (zipReader.detect(head)) await extractZip(ctx, stream, root, limits);
      else await extractTar(ctx, stream, root, limits);
    } catch (err) {
      return {
        ok: false,
        message:
          err instanceof UnsafeArchive
            ? `unsafe archive: ${err.message}`
            : `extraction failed: ${(err as Error).message}`,
        checks,
      };
    }
    checks.push(
      `extracted ${limits.files} entries, ${limits.bytes} bytes${layers.length ? ` (decoded ${layers.join(", ")})` : ""}`,
    );
    for (const p of ctx.options.expectPaths ?? []) {
      let rel: string;
      try {
        rel = safeName(p, new Set());
      } catch {
        return { ok: false, message: `expected path ${p} is not a relative path inside the archive`, checks };
      }
      if (!(await ctx.scratch.exists(posix.join(root, rel)))) {
        return { ok: false, message: `expected path ${p} is not in the restored archive`, checks };
      }
      checks.push(`${p} exists`);
    }
    if (ctx.options.command?.length) {
      const r = await ctx.process.run(ctx.options.command, { cwd: root, timeoutMs: 3_600_000 });
      if (r.code !== 0) {
        return {
          ok: false,
          message: `validation command ${ctx.options.command.join(" ")} exited ${r.code}`,
          output: `${r.stdout}\n${r.stderr}`.trim().slice(0, 2000),
          checks,
        };
      }
      checks.push(`${ctx.options.command.join(" ")} exited 0`);
    }
    return { ok: true, message: `restored and checked (${checks.length} checks)`, checks };
  },
};
