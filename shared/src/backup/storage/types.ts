/**
 * Storage backends (design §3: one folder per backend, one registry, one contract test). A backend
 * claims a location string and connects to it. Object stores (local folders and globs, S3) list
 * objects and stream them; repository stores (restic, borg) list snapshots and run their tool's own
 * check.
 */

import type { ReadRange } from "../../ports.js";
import type { BackupPorts, BackupSetConfig, StoredObject } from "../types.js";

/** A store of plain objects: local folders, S3 buckets. */
export interface ObjectStore {
  kind: "objects";
  /** The location as the user wrote it (for messages). */
  location: string;
  /** Every object at the location, including sidecars and manifests. */
  list(): Promise<StoredObject[]>;
  /** Whether a listed object is a backup candidate (a glob location narrows this; sidecars are always read). */
  isCandidate(object: StoredObject): boolean;
  /**
   * Adds what the store keeps about an object beyond the listing (S3: stored checksums and server-side
   * encryption from one HEAD). Absent for stores whose listing says everything (local).
   */
  describe?(object: StoredObject): Promise<StoredObject>;
  /**
   * The part layout of a multipart object (S3 GetObjectAttributes): each part's size and, when the store
   * keeps one, its base64 SHA-256. Undefined when the store cannot say.
   */
  parts?(object: StoredObject): Promise<{ size: number; sha256?: string }[] | undefined>;
  /** The object's bytes in `range` (default: all of it), streamed. */
  read(object: StoredObject, range?: ReadRange): AsyncIterable<Uint8Array>;
  /** A small text object (sidecar, manifest), by key. */
  readText(key: string): Promise<string>;
  /** Requests made and bytes downloaded so far (S3; zero for local reads). */
  stats?(): { requests: number; bytesDownloaded: number };
}

/** A snapshot of a restic or borg repository. */
export interface Snapshot {
  id: string;
  time: Date;
  /** Bytes the snapshot holds, when the tool says. */
  size?: number;
  /** Host/paths/archive name, for messages. */
  label: string;
}

/** What a repository tool's own check said. */
export interface RepositoryCheck {
  ok: boolean;
  /** The command run, for evidence. */
  command: string;
  /** The tool's output (stderr and stdout, trimmed to the relevant lines). */
  output: string;
  /** Data checked: `all`, or the subset `n/t`. */
  subset: string;
  /**
   * Snapshots whose data this check read in full and found intact (borg with a sample: each selected
   * archive); the engine records them in the coverage state so the next runs pick the others.
   */
  verified?: string[];
}

/**
 * The part of a repository a sampled check reads: `n` of `t` slices, `run` counting the runs so far
 * (restic rotates `--read-data-subset` by it), and the snapshots the coverage state picked, those
 * verified longest ago first (borg reads these archives).
 */
export interface RepositorySubset {
  n: number;
  t: number;
  run: number;
  snapshots: Snapshot[];
}

/** A backup tool's repository: restic, borg. */
export interface RepositoryStore {
  kind: "repository";
  location: string;
  /** The tool (`restic`, `borg`). */
  tool: string;
  snapshots(): Promise<Snapshot[]>;
  /**
   * Runs the tool's check; a `subset` reads n of t slices, rotated so t runs together read everything
   * (restic: `--read-data-subset` by the run number; borg: the archives the coverage state picked).
   */
  check(subset: RepositorySubset | undefined): Promise<RepositoryCheck>;
  /** Whether the repository is encrypted (restic always is; borg unless `--encryption none`). */
  encryption(): Promise<string | undefined>;
}

/** Either kind of store. */
export type Store = ObjectStore | RepositoryStore;

/** A storage backend (registered in registry.ts under its id). */
export interface StorageBackend {
  /** Kebab-case id, the folder name. */
  id: string;
  /** One line for the docs. */
  description: string;
  /** Whether a location string is this backend's (`s3://`, `restic:`, ...). The local backend claims the rest. */
  claims(location: string): boolean;
  /**
   * Connects to the location. Throws InputError when the location is malformed or unusable (missing
   * tool, no credentials), naming what to fix.
   */
  connect(set: BackupSetConfig, ports: BackupPorts, options: { cwd: string }): Promise<Store>;
}
