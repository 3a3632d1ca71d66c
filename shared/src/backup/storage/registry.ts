import { borgBackend } from "./borg/index.js";
import { localBackend } from "./local/index.js";
import { resticBackend } from "./restic/index.js";
import { s3Backend } from "./s3/index.js";
import type { StorageBackend } from "./types.js";

/**
 * Every storage backend by id, asked in this order whether it claims a location (local last: it
 * claims whatever has no scheme). To add one: make `storage/<id>/index.ts` exporting a
 * {@link StorageBackend}, add it here; the contract test (test/shared/backup/storage.test.ts) says
 * what is missing.
 */
export const BACKENDS: ReadonlyMap<string, StorageBackend> = new Map(
  [s3Backend, resticBackend, borgBackend, localBackend].map((b) => [b.id, b]),
);

/** The backend that claims `location`, or undefined. */
export function backendFor(location: string): StorageBackend | undefined {
  for (const b of BACKENDS.values()) if (b.id !== "local" && b.claims(location)) return b;
  return localBackend.claims(location) ? localBackend : undefined;
}
