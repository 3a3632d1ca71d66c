/**
 * Unzips an archive from an untrusted source (osv.dev's `all.zip`, or whatever a user points at) with
 * limits: entry names may not leave the archive, and the number of entries and the bytes actually
 * inflated are capped (declared sizes in a zip can lie, so the stream is counted as it inflates).
 */
import { Unzip, UnzipInflate } from "fflate";
import { InputError } from "../../../errors.js";

/** Caps on what one archive may expand to. */
export interface UnzipLimits {
  /** Total bytes after inflating. Default 2 GiB. */
  maxUncompressedBytes?: number;
  /** Entries (files and folders). Default 1,000,000. */
  maxEntries?: number;
}

// Small input slices keep each inflate step small, so the byte cap trips before memory runs out.
const SLICE = 64 * 1024;

function unsafeName(name: string): boolean {
  if (name.includes("\\") || name.includes("\0") || name.startsWith("/") || /^[A-Za-z]:/.test(name)) return true;
  return name.split("/").some((segment) => segment === "..");
}

/**
 * Calls `onEntry` for every file in the zip `bytes` (folders skipped), in archive order.
 * Throws InputError naming `file` for a corrupt archive, an entry name with `..`/absolute/backslash
 * parts, more entries or more inflated bytes than the limits allow.
 */
export function unzipSafely(
  bytes: Uint8Array,
  file: string,
  onEntry: (name: string, data: Uint8Array) => void,
  limits: UnzipLimits = {},
): void {
  const maxBytes = limits.maxUncompressedBytes ?? 2 * 1024 ** 3;
  const maxEntries = limits.maxEntries ?? 1_000_000;
  const hint =
    "download the archive again from the source you trust (osv.dev: gs://osv-vulnerabilities/<ecosystem>/all.zip)";
  let total = 0;
  let entries = 0;
  let failure: InputError | undefined;
  const fail = (message: string, cause?: unknown) => {
    failure ??= new InputError(message, { location: { file }, hint, cause });
  };

  const unzip = new Unzip((entry) => {
    if (failure) return;
    entries++;
    if (entries > maxEntries) return fail(`archive has more than ${maxEntries} entries (possible zip bomb)`);
    if (unsafeName(entry.name)) return fail(`archive entry "${entry.name}" points outside the archive`);
    if (entry.name.endsWith("/")) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    entry.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        fail(`archive entry ${entry.name} is corrupt: ${err.message}`, err);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (total > maxBytes) {
        fail(`archive expands to more than ${maxBytes} bytes (possible zip bomb)`);
        entry.terminate();
        return;
      }
      chunks.push(chunk);
      if (!final) return;
      const data = chunks.length === 1 ? chunks[0]! : concat(chunks, size);
      try {
        onEntry(entry.name, data);
      } catch (e) {
        failure ??= e instanceof InputError ? e : new InputError(String(e), { location: { file }, cause: e });
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);

  try {
    if (bytes.length === 0) unzip.push(bytes, true);
    for (let i = 0; i < bytes.length && !failure; i += SLICE) {
      unzip.push(bytes.subarray(i, i + SLICE), i + SLICE >= bytes.length);
    }
  } catch (err) {
    fail(`not a readable zip archive: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (failure) throw failure;
  if (entries === 0) fail("not a zip archive, or an empty one");
  if (failure) throw failure;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
