import { gzipReader } from "./gzip/index.js";
import { tarReader } from "./tar/index.js";
import type { ArtifactReader } from "./types.js";
import { xzReader } from "./xz/index.js";
import { zipReader } from "./zip/index.js";
import { zstdReader } from "./zstd/index.js";

/**
 * Every artifact reader by id, tried in this order on the first bytes of a stream. To add one: make
 * `readers/<id>/index.ts` exporting an {@link ArtifactReader}, add it here; the contract test
 * (test/shared/backup/readers.test.ts) says what is missing.
 */
export const READERS: ReadonlyMap<string, ArtifactReader> = new Map(
  [gzipReader, zstdReader, xzReader, zipReader, tarReader].map((r) => [r.id, r]),
);

/** The reader whose format the head bytes show, or undefined. */
export function detectReader(head: Uint8Array): ArtifactReader | undefined {
  for (const r of READERS.values()) if (r.detect(head)) return r;
  return undefined;
}

/** Most bytes any reader needs to recognise its format. */
export const MAX_HEAD_BYTES = Math.max(...[...READERS.values()].map((r) => r.headBytes));
