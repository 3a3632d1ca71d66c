/**
 * The backup-verify engine: for each backup set, lists its location, finds the series of backups,
 * and checks freshness, checksums and readability (one read per byte), size, retention, encryption,
 * the repository's own check (restic, borg) and a restore drill; returns one Report with a summary
 * per set. Engines never exit: problems with the data are findings, problems with the input throw.
 */

import { createHash } from "node:crypto";
import { formatDuration } from "../calendar/duration.js";
import { InputError, UpkeepError } from "../errors.js";
import type { Finding, Level, Report, Severity } from "../report/model.js";
import { formatBytes } from "../text/bytes.js";
import { UPKEEP_VERSION } from "../version.js";
import { algorithmOfSuffix, type ExpectedChecksum, parseChecksumFile } from "./checksums.js";
import { type CoverageState, coverageKey, emptyCoverage, selectForRun } from "./coverage.js";
import { runDrill } from "./drill-runner.js";
import { encryptedLayer } from "./encrypted/index.js";
import { loadDecryptionKeys } from "./encrypted/keys.js";
import { detectEncryption } from "./encryption.js";
import { readOnce } from "./one-pass.js";
import type { DecoderReader } from "./readers/types.js";
import { checkRetention } from "./retention.js";
import { BACKUP_RULES } from "./rules.js";
import { type Backup, classifyObjects, groupSeries } from "./series.js";
import { type ResolvedSet, resolveSet } from "./settings.js";
import { backendFor } from "./storage/registry.js";
import type { ObjectStore, RepositoryStore } from "./storage/types.js";
import { storeHasher } from "./store-checksums.js";
import type { BackupPorts, BackupSetConfig, HashAlgorithm, StoredObject } from "./types.js";

/** Evidence of a restore drill (JSON, job summary, step outputs). */
export interface DrillEvidence {
  type: string;
  backup: string;
  ok: boolean;
  /** Measured recovery time in milliseconds. */
  durationMs: number;
  rtoMs?: number;
  message: string;
  checks: string[];
  at: string;
}

/** The per-set line of the summary table. */
export interface SetSummary {
  name: string;
  location: string;
  backups: number;
  series: number;
  newest?: { name: string; time: string; ageMs: number; size: number };
  /** Median size of the backups before the newest (over the size window). */
  medianSize?: number;
  verifiedObjects: number;
  verifiedBytes: number;
  /** Backups verified from the store's own checksums, without downloading them. */
  verifiedByStore: number;
  /** Requests sent and bytes downloaded (S3). */
  store?: { requests: number; bytesDownloaded: number };
  /** Backups left for a later run (sample, budget, max-duration). */
  deferred: number;
  encrypted?: boolean;
  drill?: DrillEvidence;
  repositoryCheck?: { ok: boolean; command: string; subset: string };
  /** Worst level of the set's findings, or `pass`. */
  status: Level | "pass";
}

/** Options of {@link runBackupVerify}. */
export interface BackupVerifyOptions {
  sets: readonly BackupSetConfig[];
  /** Where relative local locations start. */
  cwd: string;
  /** Coverage state from the last run (default: empty). */
  state?: CoverageState;
  /** Stop reading new backups after this long; the state lets the next run resume. Default: none. */
  maxDurationMs?: number;
  /** Names the config position of `sets` in messages. Default `backups.sets`. */
  where?: string;
}

/** What a run returns: the report, the per-set summaries (also in `report.data.sets`) and the new state. */
export interface BackupVerifyResult {
  report: Report;
  sets: SetSummary[];
  state: CoverageState;
}

const PROGRESS_EVERY_MS = 10_000;
/**
 * Read size when only hashing (readability off): fresh 1 MiB buffers cost a page fault per page, and 128 KiB
 * reads hash a 512 MiB file about 25 % faster (bench/backup). The one pass keeps 1 MiB, which it reads faster:
 * its decoders and reader chain pay per chunk.
 */
const HASH_ONLY_CHUNK = 128 * 1024;

/** Which of the store's full-object checksums is compared after a download, in order of preference. */
const STORE_PREFERENCE = ["sha256", "crc64nvme", "crc32c", "sha1", "crc32"] as const;

function finding(
  rule: string,
  level: Level,
  set: ResolvedSet,
  subject: string,
  title: string,
  message: string,
  properties: Record<string, unknown> = {},
): Finding {
  const severity: Severity = level === "error" ? "high" : level === "warning" ? "medium" : "info";
  return {
    rule: `backup/${rule}`,
    level,
    severity,
    title,
    message,
    fingerprint: `backup/${rule}:${set.name}:${subject}`,
    properties: { set: set.name, location: set.location, ...properties },
  };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function age(ms: number): string {
  return ms < 60_000 ? `${Math.max(0, Math.round(ms / 1000))}s` : formatDuration(ms);
}

function dirOf(key: string): string {
  const i = key.lastIndexOf("/");
  return i < 0 ? "" : key.slice(0, i + 1);
}

/** Expected checksums per backup key, from sidecars and manifests; unreadable checksum files become findings. */
async function expectedChecksums(
  store: ObjectStore,
  sidecars: StoredObject[],
  manifests: StoredObject[],
  set: ResolvedSet,
  findings: Finding[],
): Promise<{ sidecar: Map<string, ExpectedChecksum[]>; manifest: Map<string, ExpectedChecksum[]> }> {
  const sidecar = new Map<string, ExpectedChecksum[]>();
  const manifest = new Map<string, ExpectedChecksum[]>();
  const add = (map: Map<string, ExpectedChecksum[]>, key: string, c: ExpectedChecksum) => {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  };
  const load = async (o: StoredObject, hint: HashAlgorithm | undefined) => {
    try {
      return parseChecksumFile(await store.readText(o.key), o.display, hint);
    } catch (err) {
      findings.push(
        finding(
          "checksum-missing",
          "error",
          set,
          o.key,
          `Checksum file ${o.display} cannot be used`,
          `${err instanceof Error ? err.message : String(err)}${err instanceof UpkeepError && err.hint ? `\n${err.hint}` : ""}`,
          { file: o.display },
        ),
      );
      return undefined;
    }
  };
  // store mode compares the store's digests with the recorded ones, so it reads both kinds too
  if (set.checksums === "auto" || set.checksums === "sidecar" || set.checksums === "store") {
    for (const o of sidecars) {
      const algorithm = algorithmOfSuffix(o.key);
      const parsed = await load(o, algorithm);
      if (!parsed) continue;
      const target = o.key.slice(0, o.key.lastIndexOf("."));
      const base = target.slice(dirOf(target).length);
      // a sidecar names its file (or holds just the digest); either way it belongs to `target`
      const entry = parsed.get(base) ?? parsed.get("") ?? [...parsed.values()][0];
      if (entry) add(sidecar, target, entry);
    }
  }
  if (set.checksums === "auto" || set.checksums === "manifest" || set.checksums === "store") {
    for (const o of manifests) {
      const parsed = await load(o, undefined);
      if (!parsed) continue;
      const dir = dirOf(o.key);
      for (const [name, c] of parsed) add(manifest, `${dir}${name}`, c);
    }
  }
  return { sidecar, manifest };
}

interface SetRun {
  set: ResolvedSet;
  findings: Finding[];
  summary: SetSummary;
  /** The encrypted formats' layer of the one read, with the set's keys (./encrypted). */
  encrypted?: (head: Uint8Array) => DecoderReader | undefined;
}

function newestInfo(backups: Backup[], now: Date) {
  const newest = backups[backups.length - 1]!;
  return {
    backup: newest,
    info: {
      name: newest.object.display,
      time: newest.time.toISOString(),
      ageMs: now.getTime() - newest.time.getTime(),
      size: newest.object.size,
    },
  };
}

function checkFreshness(run: SetRun, series: string, backups: Backup[], now: Date): void {
  const { set, findings } = run;
  const { backup, info } = newestInfo(backups, now);
  const where = backup.timeSource === "name" ? "by the timestamp in its name" : "by its modification time";
  const subject = `${series}`;
  if (info.ageMs > set.maxAgeMs) {
    findings.push(
      finding(
        "stale",
        "error",
        set,
        subject,
        `Newest backup of ${series} is ${age(info.ageMs)} old (max-age ${age(set.maxAgeMs)})`,
        `${backup.object.display} was taken ${info.time} (${where}), ${age(info.ageMs)} ago. Check that the backup job still runs and uploads.`,
        { newest: backup.object.display, ageMs: info.ageMs, maxAgeMs: set.maxAgeMs },
      ),
    );
  } else if (set.warnAgeMs !== undefined && info.ageMs > set.warnAgeMs) {
    findings.push(
      finding(
        "stale",
        "warning",
        set,
        subject,
        `Newest backup of ${series} is ${age(info.ageMs)} old (warn-age ${age(set.warnAgeMs)})`,
        `${backup.object.display} was taken ${info.time} (${where}).`,
        { newest: backup.object.display, ageMs: info.ageMs, warnAgeMs: set.warnAgeMs },
      ),
    );
  }
}

function checkSize(run: SetRun, series: string, backups: Backup[]): number | undefined {
  const { set, findings } = run;
  if (backups.length < 2) return undefined;
  const newest = backups[backups.length - 1]!;
  const previous = backups.slice(Math.max(0, backups.length - 1 - set.sizeWindow), backups.length - 1);
  const med = median(previous.map((b) => b.object.size));
  if (med === undefined || med === 0) return med;
  const size = newest.object.size;
  const ratio = size / med;
  const delta = Math.abs(size - med);
  if (delta < set.minSizeDelta) return med;
  const props = { backup: newest.object.display, size, median: med, ratio: Number(ratio.toFixed(3)) };
  if (ratio < set.minSizeRatio) {
    findings.push(
      finding(
        "size-anomaly",
        "error",
        set,
        series,
        `Newest backup of ${series} is ${(ratio * 100).toFixed(0)}% of the usual size`,
        `${newest.object.display} is ${formatBytes(size)}; the median of the ${previous.length} before it is ${formatBytes(med)} (min-size-ratio ${set.minSizeRatio}). A backup that small often means the dump failed part-way or dumped an empty database.`,
        props,
      ),
    );
  } else if (ratio > set.maxSizeRatio) {
    findings.push(
      finding(
        "size-anomaly",
        "warning",
        set,
        series,
        `Newest backup of ${series} is ${ratio.toFixed(1)}× the usual size`,
        `${newest.object.display} is ${formatBytes(size)}; the median of the ${previous.length} before it is ${formatBytes(med)} (max-size-ratio ${set.maxSizeRatio}).`,
        props,
      ),
    );
  }
  return med;
}

function checkRetentionOf(run: SetRun, series: string, backups: Backup[]): void {
  const { set, findings } = run;
  if (!set.retention) return;
  const result = checkRetention(backups, (b) => b.time, set.retention);
  for (const gap of result.gaps) {
    findings.push(
      finding(
        "retention-gap",
        "error",
        set,
        `${series}:${gap.period}:${gap.label}`,
        `No ${gap.period} backup of ${series} for ${gap.label}`,
        `The retention policy keeps ${set.retention[gap.period]} ${gap.period} backups, but no backup of ${series} was taken in ${gap.label} (from ${gap.start}).`,
        { period: gap.period, slot: gap.label, start: gap.start },
      ),
    );
  }
  for (const b of result.surplus) {
    findings.push(
      finding(
        "over-retention",
        "warning",
        set,
        b.object.key,
        `${b.object.display} is kept beyond the retention policy`,
        `No rule of the policy (${Object.entries(set.retention)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}) keeps the backup of ${b.time.toISOString().slice(0, 10)}; delete it or widen the policy.`,
        { backup: b.object.display, time: b.time.toISOString() },
      ),
    );
  }
}

async function verifyObjects(
  run: SetRun,
  store: ObjectStore,
  all: Backup[],
  sidecars: StoredObject[],
  manifests: StoredObject[],
  state: CoverageState,
  ports: BackupPorts,
  deadline: number | undefined,
  now: () => number,
): Promise<void> {
  const { set, findings, summary } = run;
  const expected = await expectedChecksums(store, sidecars, manifests, set, findings);
  const selection = selectForRun(
    all.map((b) => ({ item: b, stateKey: coverageKey(set.name, b.object.key), size: b.object.size, time: b.time })),
    state,
    {
      // with a deadline the least recently verified go first, so a stopped run resumes where it stopped
      ...(set.sample ? { sample: set.sample } : deadline !== undefined ? { sample: { n: 1, t: 1 } } : {}),
      ...(set.byteBudget !== undefined ? { byteBudget: set.byteBudget } : {}),
    },
  );
  if (selection.emptyReason) {
    findings.push(
      finding(
        "sample-empty",
        "error",
        set,
        "sample",
        `Nothing of ${set.name} was verified`,
        `${selection.emptyReason}. Raise the budget or the sample.`,
      ),
    );
  }
  const selected = new Set(selection.selected);
  const encryptedKinds = new Set<string>();
  let plaintext = 0;
  let index = 0;
  // read in the selection's order (least recently verified first), then visit the rest
  for (const backup of [...selection.selected, ...all.filter((b) => !selected.has(b))]) {
    const o = backup.object;
    const isSelected = selected.has(backup);
    const timeUp = deadline !== undefined && now() > deadline;
    const sums = [...(expected.sidecar.get(o.key) ?? []), ...(expected.manifest.get(o.key) ?? [])];
    // the store's own full-object checksum we can compute, SHA-256 first (S3's default is CRC-64/NVME)
    const storeSum = STORE_PREFERENCE.map((a) => o.stored?.find((x) => x.algorithm === a && !x.composite)).find(
      Boolean,
    );
    if (!isSelected || timeUp) {
      summary.deferred++;
      if (set.requireEncryption) {
        const head = await firstBytes(store, o, 512);
        const kind = o.serverSideEncryption ? "sse" : detectEncryption(head);
        if (kind) encryptedKinds.add(kind);
        else {
          plaintext++;
          pushUnencrypted(run, o);
        }
      }
      continue;
    }
    index++;
    const full = (o.stored ?? []).filter((x) => !x.composite);
    const byStore = sums.filter((x) => full.some((f) => f.algorithm === x.algorithm));
    const metadataOnly =
      !set.readability &&
      (set.checksums === "store" || set.checksums === "auto") &&
      // without a recorded checksum the store's value has nothing to be compared with but the bytes
      sums.length > 0 &&
      byStore.length === sums.length;
    if (metadataOnly) {
      // the store hashed the bytes on upload: comparing its digest with the recorded one needs no download
      summary.verifiedObjects++;
      summary.verifiedByStore++;
      state.verified[coverageKey(set.name, o.key)] = ports.clock.now().toISOString();
      for (const sum of byStore) {
        const stored = full.find((f) => f.algorithm === sum.algorithm)!;
        const storedHex = Buffer.from(stored.value, "base64").toString("hex");
        if (storedHex !== sum.hex) {
          findings.push(
            finding(
              "checksum-mismatch",
              "error",
              set,
              o.key,
              `${o.display} does not match its ${sum.algorithm} checksum (store)`,
              `${sum.source.file}:${sum.source.line} expects ${sum.hex}; the store's ${sum.algorithm} of the object is ${storedHex}. The object is not the backup that was recorded.`,
              {
                backup: o.display,
                expected: sum.hex,
                actual: storedHex,
                algorithm: sum.algorithm,
                checksumFile: sum.source.file,
                by: "store",
              },
            ),
          );
        }
      }
      const kind = o.serverSideEncryption
        ? "sse"
        : set.requireEncryption
          ? detectEncryption(await firstBytes(store, o, 512))
          : undefined;
      if (kind) encryptedKinds.add(kind);
      else if (set.requireEncryption) {
        plaintext++;
        pushUnencrypted(run, o);
      }
      continue;
    }
    const composite = (o.stored ?? []).find((x) => x.composite);
    ports.logger.info(
      `backup-verify: ${set.name}: reading ${o.display} (${index}/${selected.size}, ${formatBytes(o.size)})${composite ? ` — its ${composite.algorithm} is a multipart composite of ${composite.composite!.parts} parts, so it is hashed by download` : ""}`,
    );
    const hashes = [...new Set(sums.map((s) => s.algorithm))];
    const compositeSha = (o.stored ?? []).find((x) => x.algorithm === "sha256" && x.composite);
    const layout =
      compositeSha && store.parts && (set.checksums === "auto" || set.checksums === "store")
        ? await store.parts(o)
        : undefined;
    const started = now();
    let lastReport = started;
    const storeCheck =
      storeSum && (set.checksums === "auto" || set.checksums === "store") ? storeHasher(storeSum.algorithm) : undefined;
    const result = await readOnce(store.read(o, set.readability === false ? { chunkSize: HASH_ONLY_CHUNK } : {}), {
      hashes,
      ...(storeCheck ? { also: [storeCheck] } : {}),
      readability: set.readability,
      ...(ports.process ? { tools: ports.process } : {}),
      ...(run.encrypted ? { outer: run.encrypted } : {}),
      ...(layout ? { partSizes: layout.map((p) => p.size) } : {}),
      onProgress: (n) => {
        const t = now();
        if (t - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = t;
          const pct = o.size > 0 ? ` (${((n / o.size) * 100).toFixed(0)}%)` : "";
          ports.logger.info(
            `backup-verify: ${set.name}: ${o.display}: ${formatBytes(n)} of ${formatBytes(o.size)}${pct}`,
          );
        }
      },
    });
    summary.verifiedObjects++;
    summary.verifiedBytes += result.bytes;
    state.verified[coverageKey(set.name, o.key)] = new Date(ports.clock.now()).toISOString();
    // checksums
    let covered = false;
    for (const sum of sums) {
      covered = true;
      const got = result.digests[sum.algorithm];
      if (got !== sum.hex) {
        findings.push(
          finding(
            "checksum-mismatch",
            "error",
            set,
            o.key,
            `${o.display} does not match its ${sum.algorithm} checksum`,
            `${sum.source.file}:${sum.source.line} expects ${sum.hex}, the file hashes to ${got}. The backup is damaged (or the checksum is stale); restore from another copy and re-run the backup.`,
            {
              backup: o.display,
              expected: sum.hex,
              actual: got,
              algorithm: sum.algorithm,
              checksumFile: sum.source.file,
            },
          ),
        );
      }
    }
    if (storeSum && storeCheck && (!covered || set.checksums === "store")) {
      covered = true;
      const got = await storeCheck.digestBase64();
      if (got !== storeSum.value) {
        findings.push(
          finding(
            "checksum-mismatch",
            "error",
            set,
            o.key,
            `${o.display} does not match the store's ${storeSum.algorithm}`,
            `The store keeps x-amz-checksum-${storeSum.algorithm} ${storeSum.value}; the downloaded bytes give ${got}. The stored object changed after upload, or was damaged on the way.`,
            { backup: o.display, expected: storeSum.value, actual: got, algorithm: storeSum.algorithm, by: "store" },
          ),
        );
      }
    }
    if (compositeSha && layout && result.partDigests) {
      // S3's composite: SHA-256 over the concatenated binary SHA-256 of each part
      covered = true;
      const joined = Buffer.concat(result.partDigests.map((d) => Buffer.from(d, "base64")));
      const got = createHash("sha256").update(joined).digest("base64");
      if (got !== compositeSha.value || result.partDigests.length !== layout.length) {
        const bad = layout.findIndex((p, i) => p.sha256 !== undefined && p.sha256 !== result.partDigests![i]);
        findings.push(
          finding(
            "checksum-mismatch",
            "error",
            set,
            o.key,
            `${o.display} does not match the store's composite SHA-256`,
            `The store keeps ${compositeSha.value}-${layout.length} for the ${layout.length} parts of the upload; the downloaded bytes give ${got}-${result.partDigests.length}.${bad >= 0 ? ` Part ${bad + 1} (bytes ${layout.slice(0, bad).reduce((n, p) => n + p.size, 0)}–${layout.slice(0, bad + 1).reduce((n, p) => n + p.size, 0) - 1}) differs from its part checksum.` : ""} The stored object changed after upload.`,
            {
              backup: o.display,
              expected: compositeSha.value,
              actual: got,
              algorithm: "sha256",
              composite: layout.length,
              ...(bad >= 0 ? { part: bad + 1 } : {}),
            },
          ),
        );
      }
    }
    if (!covered && set.checksums !== "none") {
      const level: Level = set.checksums === "auto" ? "warning" : "error";
      findings.push(
        finding(
          "checksum-missing",
          level,
          set,
          o.key,
          `No checksum for ${o.display}`,
          set.checksums === "auto"
            ? `No sidecar (${o.display}.sha256), manifest (SHA256SUMS) or store checksum covers it; write one when the backup is made, e.g. sha256sum file > file.sha256.`
            : `checksums: ${set.checksums} is required, and none covers it.`,
          { backup: o.display },
        ),
      );
    }
    if (result.problem) {
      const p = result.problem;
      const where =
        p.offset === p.fileOffset
          ? `at byte ${p.offset}`
          : `at byte ${p.offset} of the decoded stream (byte ${p.fileOffset} of the file)`;
      const truncated = p.fileOffset >= o.size && /end|truncat/i.test(p.message);
      findings.push(
        finding(
          "unreadable",
          "error",
          set,
          o.key,
          `${o.display} is unreadable (${p.reader})`,
          `${p.reader}: ${p.message} ${where}${truncated ? `; the file ends at byte ${o.size}: it is truncated` : ""}. A restore from it would fail.`,
          { backup: o.display, reader: p.reader, offset: p.offset, fileOffset: p.fileOffset, formats: result.formats },
        ),
      );
    }
    const kind = o.serverSideEncryption ? "sse" : detectEncryption(result.head);
    if (kind) encryptedKinds.add(kind);
    else if (set.requireEncryption) {
      plaintext++;
      pushUnencrypted(run, o);
    }
  }
  summary.encrypted =
    all.length > 0 && plaintext === 0 && encryptedKinds.size > 0 ? true : plaintext > 0 ? false : undefined;
  if (deadline !== undefined && summary.deferred > 0 && now() > deadline) {
    findings.push(
      finding(
        "incomplete",
        "note",
        set,
        "max-duration",
        `${set.name}: stopped at max-duration with ${summary.deferred} backup(s) left`,
        "The state file records what was verified; the next run resumes with the rest.",
      ),
    );
  }
}

async function firstBytes(store: ObjectStore, o: StoredObject, n: number): Promise<Uint8Array> {
  if (o.size === 0) return new Uint8Array(0);
  const out = new Uint8Array(Math.min(n, o.size));
  let p = 0;
  for await (const c of store.read(o, { start: 0, end: out.length - 1 })) {
    const part = c.subarray(0, out.length - p);
    out.set(part, p);
    p += part.length;
    if (p >= out.length) break;
  }
  return out.subarray(0, p);
}

function pushUnencrypted(run: SetRun, o: StoredObject): void {
  run.findings.push(
    finding(
      "unencrypted",
      "error",
      run.set,
      o.key,
      `${o.display} is not encrypted`,
      "Encryption is required, but it is not age, OpenPGP or OpenSSL output and the store reports no server-side encryption. Encrypt before upload, e.g. age -r <recipient> -o file.age file.",
      { backup: o.display },
    ),
  );
}

async function runRepository(run: SetRun, store: RepositoryStore, now: Date, state: CoverageState): Promise<void> {
  const { set, findings, summary } = run;
  const snapshots = (await store.snapshots()).sort((a, b) => a.time.getTime() - b.time.getTime());
  summary.backups = snapshots.length;
  summary.series = 1;
  if (snapshots.length === 0) {
    findings.push(
      finding(
        "missing",
        "error",
        set,
        "snapshots",
        `${set.name}: the ${store.tool} repository has no snapshot`,
        `${store.location} holds no snapshot. Check that the backup job runs.`,
      ),
    );
  } else {
    const asBackups: Backup[] = snapshots.map((s) => ({
      object: { key: s.id, display: `${store.tool} ${s.label}`, size: s.size ?? 0, modified: s.time },
      time: s.time,
      timeSource: "name",
      series: store.tool,
    }));
    summary.newest = newestInfo(asBackups, now).info;
    checkFreshness(run, `${store.tool} snapshots`, asBackups, now);
    checkRetentionOf(run, `${store.tool} snapshots`, asBackups);
  }
  // A sample rotates deterministically: restic by the run number (its --read-data-subset slices the packs),
  // borg by the archives verified longest ago (the coverage state, as for files), so t runs read everything.
  const runKey = coverageKey(set.name, "#runs");
  const runNumber = Number(state.verified[runKey] ?? 0);
  const snapshotKey = (id: string) => coverageKey(set.name, `${store.tool}:${id}`);
  const subset = set.sample
    ? {
        ...set.sample,
        run: runNumber,
        snapshots: selectForRun(
          snapshots.map((s) => ({ item: s, stateKey: snapshotKey(s.id), size: s.size ?? 0, time: s.time })),
          state,
          { sample: set.sample },
        ).selected,
      }
    : undefined;
  const check = await store.check(subset);
  state.verified[runKey] = String(runNumber + 1);
  for (const id of check.verified ?? []) state.verified[snapshotKey(id)] = now.toISOString();
  summary.repositoryCheck = { ok: check.ok, command: check.command, subset: check.subset };
  if (!check.ok) {
    findings.push(
      finding(
        "repository-check",
        "error",
        set,
        "check",
        `${store.tool} check failed for ${set.name}`,
        `${check.command} reported errors (data checked: ${check.subset}):\n${check.output}`,
        { command: check.command, subset: check.subset },
      ),
    );
  }
  const enc = await store.encryption();
  summary.encrypted = enc !== undefined;
  if (!enc && set.requireEncryption) {
    findings.push(
      finding(
        "unencrypted",
        "error",
        set,
        "repository",
        `The ${store.tool} repository ${set.name} is not encrypted`,
        `${store.location} was created without encryption; create an encrypted repository and move the backups.`,
      ),
    );
  }
}

function statusOf(findings: Finding[]): SetSummary["status"] {
  if (findings.some((f) => f.level === "error")) return "error";
  if (findings.some((f) => f.level === "warning")) return "warning";
  return "pass";
}

/**
 * Verifies every backup set. Throws InputError when a set is misconfigured or its location cannot be
 * listed (exit code 2: never a pass when the input could not be read); everything wrong with the
 * backups themselves is a finding.
 */
export async function runBackupVerify(options: BackupVerifyOptions, ports: BackupPorts): Promise<BackupVerifyResult> {
  const where = options.where ?? "backups.sets";
  if (options.sets.length === 0) {
    throw new InputError("no backup set to verify", {
      hint: "give a location (upkeep backup-verify ./backups) or configure backups.sets in .github/upkeep.yml",
    });
  }
  const resolved = options.sets.map((s, i) => resolveSet(s, `${where}[${i}]`));
  const names = new Set<string>();
  for (const s of resolved) {
    if (names.has(s.name))
      throw new InputError(`${where}: two sets are named ${JSON.stringify(s.name)}`, {
        hint: "give each set a distinct name",
      });
    names.add(s.name);
  }
  const clockNow = ports.clock.now();
  const monotonic = ports.monotonic ?? (() => performance.now());
  const deadline = options.maxDurationMs === undefined ? undefined : monotonic() + options.maxDurationMs;
  const state: CoverageState = options.state
    ? { version: 1, verified: { ...options.state.verified } }
    : emptyCoverage();
  const runs: SetRun[] = [];
  for (const set of resolved) {
    const run: SetRun = {
      set,
      findings: [],
      summary: {
        name: set.name,
        location: set.location,
        backups: 0,
        series: 0,
        verifiedObjects: 0,
        verifiedBytes: 0,
        verifiedByStore: 0,
        deferred: 0,
        status: "pass",
      },
    };
    runs.push(run);
    const backend = backendFor(set.location);
    if (!backend) throw new InputError(`${set.name}: no storage backend understands ${set.location}`);
    const store = await backend.connect(set.config, ports, { cwd: options.cwd });
    const keys = await loadDecryptionKeys(set.config.decryption, ports, options.cwd, `${where}[${runs.length - 1}]`);
    run.encrypted = encryptedLayer(keys);
    let newestBackup: { display: string; key: string; size: number; object: StoredObject } | undefined;
    if (store.kind === "repository") {
      await runRepository(run, store, clockNow, state);
    } else {
      const objects = await store.list();
      const classified = classifyObjects(objects, set.pattern);
      const backups = classified.backups.filter((b) => store.isCandidate(b.object));
      if (store.describe) {
        for (const b of backups) b.object = await store.describe(b.object);
      }
      run.summary.backups = backups.length;
      if (backups.length === 0) {
        run.findings.push(
          finding(
            "missing",
            "error",
            set,
            "location",
            `${set.name}: no backup found`,
            `${set.location} holds no backup${objects.length ? ` (${objects.length} file(s), none a backup)` : ""}. An empty location never passes: check the path and that the backup job writes there.`,
          ),
        );
      } else {
        const series = groupSeries(backups);
        run.summary.series = series.size;
        for (const [key, list] of series) {
          checkFreshness(run, key, list, clockNow);
          const med = checkSize(run, key, list);
          checkRetentionOf(run, key, list);
          const newest = list[list.length - 1]!;
          if (!run.summary.newest || newest.time.toISOString() > run.summary.newest.time) {
            run.summary.newest = newestInfo(list, clockNow).info;
            if (med !== undefined) run.summary.medianSize = med;
          }
        }
        await verifyObjects(
          run,
          store,
          backups,
          classified.sidecars,
          classified.manifests,
          state,
          ports,
          deadline,
          monotonic,
        );
        const pickFrom = backups;
        if (set.restore) {
          const chosen = pickBackup(pickFrom, set, clockNow);
          newestBackup = {
            display: chosen.object.display,
            key: chosen.object.key,
            size: chosen.object.size,
            object: chosen.object,
          };
          const evidence = await runDrill(set, store, newestBackup.object, ports, monotonic, keys);
          run.summary.drill = evidence.evidence;
          run.findings.push(...evidence.findings.map((f) => ({ ...f, fingerprint: f.fingerprint })));
        }
      }
    }
    if (store.kind === "objects" && store.stats) run.summary.store = store.stats();
    run.summary.status = statusOf(run.findings);
  }
  const findings = runs.flatMap((r) => r.findings);
  const sets = runs.map((r) => r.summary);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check: "backup-verify",
    generatedAt: clockNow.toISOString(),
    findings,
    rules: [...BACKUP_RULES],
    data: { sets, state: { verified: Object.keys(state.verified).length } },
    notes: sets.map(
      (s) =>
        `${s.name}: ${s.backups} backup(s) in ${s.series} series, ${s.verifiedObjects} verified (${formatBytes(s.verifiedBytes)})${s.deferred ? `, ${s.deferred} left for later runs` : ""}${s.drill ? `, ${s.drill.type} drill ${s.drill.ok ? "passed" : "failed"} in ${(s.drill.durationMs / 1000).toFixed(1)}s` : ""}`,
    ),
  };
  return { report, sets, state };
}

/** Seeded pick: the newest backup, or a random one chosen by hashing the seed (the run date by default). */
function pickBackup(backups: Backup[], set: ResolvedSet, now: Date): Backup {
  const restore = set.restore!;
  if (restore.pick !== "random") return backups[backups.length - 1]!;
  const seed = restore.seed ?? now.toISOString().slice(0, 10);
  let h = 2166136261;
  for (const ch of `${set.name}:${seed}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return backups[h % backups.length]!;
}
