import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import type { BackupSetConfig } from "@upkeep/shared/backup/types.js";
import { summarize } from "@upkeep/shared/report/model.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { flipByte, realPorts, requireTools, sh, tempDir, truncateTail } from "./tools.js";

const NOW = "2026-12-08T06:00:00Z";
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

beforeAll(() => requireTools(["tar", "gzip", "zstd", "xz", "zip", "age", "age-keygen", "gpg", "openssl", "sha256sum"]));

/** A folder with daily app backups made by tar+gzip (or the given compressor), each with a .sha256 sidecar. */
function dailyTarballs(days: string[], options: { ext?: string; compress?: string; lines?: number } = {}) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const ext = options.ext ?? "tar.gz";
  for (const day of days) {
    sh(`mkdir -p data && seq 1 ${options.lines ?? 30000} > data/rows.csv && echo ${day} > data/day`, t.dir);
    sh(`tar cf - data | ${options.compress ?? "gzip -c"} > app-${day}.${ext}`, t.dir);
    sh(`sha256sum app-${day}.${ext} > app-${day}.${ext}.sha256`, t.dir);
  }
  sh("rm -rf data", t.dir);
  return t.dir;
}

const WEEK = [
  "2026-12-01",
  "2026-12-02",
  "2026-12-03",
  "2026-12-04",
  "2026-12-05",
  "2026-12-06",
  "2026-12-07",
  "2026-12-08",
];

async function verify(set: BackupSetConfig, now = NOW) {
  const result = await runBackupVerify({ sets: [set], cwd: "/" }, realPorts(now));
  return { ...result, rules: result.report.findings.map((f) => f.rule), passed: summarize(result.report).passed };
}

describe("backup-verify on local folders made by the real tools", () => {
  it("passes a fresh, intact, complete series and reports what it read", async () => {
    const dir = dailyTarballs(WEEK);
    const r = await verify({ location: dir, retention: { daily: 8, weekly: 2 } });
    expect(r.report.findings).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.sets[0]).toMatchObject({ backups: 8, series: 1, verifiedObjects: 8, status: "pass" });
    expect(r.sets[0]!.newest!.name).toBe(join(dir, "app-2026-12-08.tar.gz"));
  });

  it.each([
    ["gzip", "tar.gz", "gzip -c"],
    ["zstd", "tar.zst", "zstd -q -c"],
    ["xz", "tar.xz", "xz -c"],
  ])("a truncated %s tarball is unreadable and the finding names the offset", async (reader, ext, compress) => {
    const dir = dailyTarballs(["2026-12-07", "2026-12-08"], { ext, compress });
    const file = join(dir, `app-2026-12-08.${ext}`);
    const size = Number(sh(`stat -c %s ${file}`, dir).trim());
    truncateTail(file, 200);
    sh(`sha256sum app-2026-12-08.${ext} > app-2026-12-08.${ext}.sha256`, dir); // checksum of the damaged file: readability alone must catch it
    const r = await verify({ location: dir });
    const f = r.report.findings.find((x) => x.rule === "backup/unreadable");
    expect(f, JSON.stringify(r.report.findings)).toBeDefined();
    expect(f!.properties).toMatchObject({ reader, fileOffset: size - 200 });
    expect(f!.message).toContain(`the file ends at byte ${size - 200}: it is truncated`);
    expect(r.passed).toBe(false);
  });

  it("a flipped byte fails the checksum (and gzip's own CRC) in one read", async () => {
    const dir = dailyTarballs(["2026-12-07", "2026-12-08"]);
    flipByte(join(dir, "app-2026-12-08.tar.gz"), 5000);
    const r = await verify({ location: dir });
    expect(r.rules).toContain("backup/checksum-mismatch");
    expect(r.rules).toContain("backup/unreadable");
    const mismatch = r.report.findings.find((f) => f.rule === "backup/checksum-mismatch")!;
    expect(mismatch.message).toContain("app-2026-12-08.tar.gz.sha256:1 expects");
    expect(r.sets[0]!.verifiedBytes).toBeGreaterThan(0);
  });

  it("verifies against SHA256SUMS manifests in GNU and BSD format and finds the damaged file", async () => {
    const dir = dailyTarballs(["2026-12-06", "2026-12-07", "2026-12-08"]);
    sh(
      "rm *.sha256 && sha256sum app-2026-12-06.tar.gz app-2026-12-07.tar.gz > SHA256SUMS && sha256sum --tag app-2026-12-08.tar.gz > CHECKSUMS",
      dir,
    );
    let r = await verify({ location: dir, checksums: "manifest" });
    expect(r.report.findings).toEqual([]);
    flipByte(join(dir, "app-2026-12-08.tar.gz"), 3000);
    r = await verify({ location: dir, checksums: "manifest", readability: false });
    expect(r.rules).toEqual(["backup/checksum-mismatch"]);
    expect(r.report.findings[0]!.message).toContain("CHECKSUMS:1");
  });

  it("hash only verifies a 3 MB file to its last byte: a flip there is a checksum mismatch", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    sh("head -c 3000000 /dev/urandom > data-2026-12-08.bin && sha256sum data-2026-12-08.bin > SHA256SUMS", dir);
    let r = await verify({ location: dir, checksums: "manifest", readability: false });
    expect(r.report.findings).toEqual([]);
    expect(r.sets[0]!.verifiedBytes).toBe(3_000_000);
    flipByte(join(dir, "data-2026-12-08.bin"), 2_999_999);
    r = await verify({ location: dir, checksums: "manifest", readability: false });
    expect(r.rules).toEqual(["backup/checksum-mismatch"]);
    expect(r.report.findings[0]!.message).toContain("SHA256SUMS:1");
  });

  it("a missing checksum warns in auto mode and fails when sidecars are required", async () => {
    const dir = dailyTarballs(["2026-12-08"]);
    sh("rm *.sha256", dir);
    let r = await verify({ location: dir });
    expect(r.report.findings.map((f) => [f.rule, f.level])).toEqual([["backup/checksum-missing", "warning"]]);
    expect(r.passed).toBe(true);
    r = await verify({ location: dir, checksums: "sidecar" });
    expect(r.report.findings.map((f) => [f.rule, f.level])).toEqual([["backup/checksum-missing", "error"]]);
  });

  it("a missing day is a retention gap named by its date; the stale newest fails freshness", async () => {
    const dir = dailyTarballs(WEEK.filter((d) => d !== "2026-12-04" && d !== "2026-12-08"));
    const r = await verify({ location: dir, retention: { daily: 7 }, maxAge: "26h", warnAge: "12h" });
    const gaps = r.report.findings.filter((f) => f.rule === "backup/retention-gap").map((f) => f.properties?.slot);
    expect(gaps).toEqual(["2026-12-04"]);
    const stale = r.report.findings.find((f) => f.rule === "backup/stale")!;
    expect(stale.level).toBe("error");
    expect(stale.title).toContain("1d6h");
  });

  it("backups kept beyond the policy are over-retention warnings", async () => {
    const dir = dailyTarballs(WEEK);
    const r = await verify({ location: dir, retention: { daily: 3 } });
    const surplus = r.report.findings
      .filter((f) => f.rule === "backup/over-retention")
      .map((f) => f.properties?.backup);
    expect(surplus).toEqual(WEEK.slice(0, 5).map((d) => join(dir, `app-${d}.tar.gz`)));
    expect(r.passed).toBe(true);
  });

  it("a tiny dump is a size anomaly against the median", async () => {
    const dir = dailyTarballs(WEEK.slice(0, 7), { lines: 400000 });
    sh("mkdir -p data && echo 1 > data/rows.csv && tar czf app-2026-12-08.tar.gz data && rm -rf data", dir);
    const r = await verify({ location: dir, checksums: "none", minSizeDelta: "64KiB" });
    const f = r.report.findings.find((x) => x.rule === "backup/size-anomaly")!;
    expect(f.level).toBe("error");
    expect(f.title).toMatch(/^Newest backup of app-\*\.tar\.gz is 0% of the usual size$/);
    // a small set's noise stays quiet under the default 1 MiB delta
    const quiet = await verify({ location: dir, checksums: "none" });
    expect(quiet.rules).not.toContain("backup/size-anomaly");
  });

  it("an empty location is backup/missing, never a pass; a missing folder is an input error", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, "SHA256SUMS"), "");
    const r = await verify({ location: t.dir });
    expect(r.rules).toEqual(["backup/missing"]);
    expect(r.passed).toBe(false);
    await expect(verify({ location: join(t.dir, "nope") })).rejects.toThrow(/does not exist/);
  });

  it("requires encryption: age, OpenPGP and OpenSSL pass, plaintext fails", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    sh("age-keygen -o key.txt 2>/dev/null && seq 1 5000 > plain.sql", t.dir);
    sh("age -r $(age-keygen -y key.txt) -o db-2026-12-05.sql.age plain.sql", t.dir);
    sh(
      "gpg --batch --yes --homedir . --passphrase secret --pinentry-mode loopback -c -o db-2026-12-06.sql.gpg plain.sql 2>/dev/null",
      t.dir,
    );
    sh("openssl enc -aes-256-cbc -pbkdf2 -pass pass:secret -in plain.sql -out db-2026-12-07.sql.enc", t.dir);
    sh("gzip -c plain.sql > db-2026-12-08.sql.gz && mkdir store && mv db-* store/", t.dir);
    const r = await verify({ location: join(t.dir, "store"), requireEncryption: true, checksums: "none" });
    const plain = r.report.findings.filter((f) => f.rule === "backup/unencrypted").map((f) => f.properties?.backup);
    expect(plain).toEqual([join(t.dir, "store", "db-2026-12-08.sql.gz")]);
    sh("rm store/db-2026-12-08.sql.gz", t.dir);
    const ok = await verify({ location: join(t.dir, "store"), requireEncryption: true, checksums: "none" });
    expect(ok.rules).not.toContain("backup/unencrypted");
    expect(ok.sets[0]!.encrypted).toBe(true);
  });

  it("a glob narrows the series and sidecars beside it still count; compact timestamps are read from names", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    sh(
      "seq 1 1000 > a && for d in 20261206T0200Z 20261207T0200Z 20261208T0200Z; do gzip -c a > db_$d.dump.gz; sha256sum db_$d.dump.gz > db_$d.dump.gz.sha256; done",
      t.dir,
    );
    sh("zip -q other-2026-01-01.zip a && rm a", t.dir);
    const r = await verify({ location: join(t.dir, "db_*.dump.gz"), maxAge: "6h" });
    expect(r.report.findings).toEqual([]);
    expect(r.sets[0]).toMatchObject({ backups: 3, series: 1 });
    expect(r.sets[0]!.newest!.time).toBe("2026-12-08T02:00:00.000Z");
  });

  it("zip archives: a flipped byte inside an entry fails its CRC-32, a cut tail names the missing end record", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    sh(
      "seq 1 50000 > rows && zip -q site-2026-12-08.zip rows && cp site-2026-12-08.zip site-2026-12-07.zip && rm rows",
      t.dir,
    );
    flipByte(join(t.dir, "site-2026-12-08.zip"), 2000);
    truncateTail(join(t.dir, "site-2026-12-07.zip"), 30);
    const r = await verify({ location: t.dir, checksums: "none" });
    const unreadable = r.report.findings.filter((f) => f.rule === "backup/unreadable");
    expect(unreadable.map((f) => f.properties?.reader)).toEqual(["zip", "zip"]);
    expect(unreadable.map((f) => f.message).join("\n")).toMatch(/no end-of-central-directory record/);
  });
});

describe("coverage over time", () => {
  it("--sample 1/4 verifies each backup once within 4 runs, least recently verified first", async () => {
    const dir = dailyTarballs(WEEK);
    let state: Awaited<ReturnType<typeof runBackupVerify>>["state"] | undefined;
    const seen = new Set<string>();
    for (let run = 0; run < 4; run++) {
      const r = await runBackupVerify(
        { sets: [{ location: dir, sample: "1/4" }], cwd: "/", ...(state ? { state } : {}) },
        realPorts(NOW),
      );
      expect(r.sets[0]!.verifiedObjects).toBe(2);
      expect(r.sets[0]!.deferred).toBe(6);
      state = r.state;
      for (const k of Object.keys(state.verified)) seen.add(k);
    }
    expect(seen.size).toBe(8);
  });

  it("--max-duration stops reading, notes what is left, and the next run resumes from the state", async () => {
    const dir = dailyTarballs(WEEK.slice(4));
    let clock = 0;
    const ports = { ...realPorts(NOW), monotonic: () => (clock += 1000) };
    const first = await runBackupVerify({ sets: [{ location: dir }], cwd: "/", maxDurationMs: 2500 }, ports);
    expect(first.sets[0]!.verifiedObjects).toBeGreaterThan(0);
    expect(first.sets[0]!.deferred).toBeGreaterThan(0);
    expect(first.report.findings.map((f) => [f.rule, f.level])).toEqual([["backup/incomplete", "note"]]);
    const done = Object.keys(first.state.verified);
    const second = await runBackupVerify(
      { sets: [{ location: dir, sample: "1/1" }], cwd: "/", state: first.state, maxDurationMs: 2500 },
      ports,
    );
    const resumed = Object.keys(second.state.verified).filter((k) => !done.includes(k));
    expect(resumed.length).toBe(second.sets[0]!.verifiedObjects);
    expect(resumed.length).toBeGreaterThan(0);
  });

  it("a byte budget smaller than any backup fails loudly", async () => {
    const dir = dailyTarballs(["2026-12-08"]);
    const r = await verify({ location: dir, byteBudget: 10 });
    expect(r.rules).toEqual(["backup/sample-empty"]);
  });
});
