// restic and borg repositories made by the real tools, checked with their own `check`, then damaged.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import type { BackupSetConfig } from "@upkeep/shared/backup/types.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { flipByte, realPorts, requireTools, sh, tempDir } from "./tools.js";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
beforeAll(() => requireTools(["restic", "borg"]));

const ENV = { RESTIC_PASSWORD: "correct horse", BORG_PASSPHRASE: "battery staple" };

function folder(): string {
  const t = tempDir("upkeep-repo-");
  cleanups.push(t.cleanup);
  sh("mkdir -p src && seq 1 200000 > src/rows && head -c 300000 /dev/urandom > src/blob", t.dir);
  return t.dir;
}

/** Every regular file below `dir`, biggest first. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => statSync(b).size - statSync(a).size);
}

type State = Awaited<ReturnType<typeof runBackupVerify>>["state"];

/** `runs` runs of `set` one hour apart, each starting from the state the previous one saved. */
async function rotate(set: BackupSetConfig, runs: number) {
  let state: State | undefined;
  const out: { subset: string; ok: boolean; message: string }[] = [];
  for (let i = 0; i < runs; i++) {
    const ports = { ...realPorts(new Date(Date.now() + i * 3_600_000).toISOString()), env: { ...process.env, ...ENV } };
    const r = await runBackupVerify({ sets: [set], cwd: "/", ...(state ? { state } : {}) }, ports);
    state = r.state;
    const check = r.sets[0]!.repositoryCheck!;
    const failed = r.report.findings.find((f) => f.rule === "backup/repository-check");
    out.push({ subset: check.subset, ok: check.ok, message: failed?.message ?? "" });
  }
  return out;
}

async function verify(set: BackupSetConfig, now = new Date().toISOString()) {
  const ports = { ...realPorts(now), env: { ...process.env, ...ENV } };
  const r = await runBackupVerify({ sets: [set], cwd: "/" }, ports);
  return { ...r, rules: r.report.findings.map((f) => f.rule) };
}

describe("restic repositories", () => {
  it("passes a healthy repository, fails a damaged pack with restic's own error", async () => {
    const dir = folder();
    sh("restic init -q -r repo && restic -q -r repo backup src && restic -q -r repo backup src", dir, ENV);
    const ok = await verify({ location: `restic:${join(dir, "repo")}`, maxAge: "1h", requireEncryption: true });
    expect(ok.report.findings).toEqual([]);
    expect(ok.sets[0]).toMatchObject({ backups: 2, encrypted: true, repositoryCheck: { ok: true, subset: "all" } });
    const pack = files(join(dir, "repo", "data"))[0]!;
    flipByte(pack, 2000);
    const bad = await verify({ location: `restic:${join(dir, "repo")}` });
    expect(bad.rules).toEqual(["backup/repository-check"]);
    expect(bad.report.findings[0]!.message).toMatch(/restic check --read-data reported errors/);
    expect(bad.report.findings[0]!.message).toMatch(/Pack ID does not match|pack .* contains \d+ errors|error/i);
  });

  it("--sample 1/3 rotates --read-data-subset over runs; an empty repository is backup/missing", async () => {
    const dir = folder();
    sh("restic init -q -r repo", dir, ENV);
    const ports = { ...realPorts(new Date().toISOString()), env: { ...process.env, ...ENV } };
    let state: Awaited<ReturnType<typeof runBackupVerify>>["state"] | undefined;
    const subsets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runBackupVerify(
        { sets: [{ location: `restic:${join(dir, "repo")}`, sample: "1/3" }], cwd: "/", ...(state ? { state } : {}) },
        ports,
      );
      state = r.state;
      subsets.push(r.sets[0]!.repositoryCheck!.subset);
      expect(r.report.findings.map((f) => f.rule)).toEqual(["backup/missing"]);
    }
    expect(subsets).toEqual(["1/3", "2/3", "3/3"]);
  });
});

describe("restic: --sample n/t covers every pack in t runs", () => {
  it("a damaged pack is found by exactly one of three 1/3 runs, and again when the rotation comes round", async () => {
    const dir = folder();
    // three snapshots of unrelated random data: several packs, in different subsets
    for (const d of ["a", "b", "c"]) {
      sh(`mkdir -p ${d} && head -c 6000000 /dev/urandom > ${d}/blob`, dir);
    }
    sh("restic init -q -r repo && for d in a b c; do restic -q -r repo backup $d; done", dir, ENV);
    flipByte(files(join(dir, "repo", "data"))[0]!, 100_000);
    const runs = await rotate({ location: `restic:${join(dir, "repo")}`, sample: "1/3", maxAge: "1d" }, 4);
    expect(runs.map((r) => r.subset)).toEqual(["1/3", "2/3", "3/3", "1/3"]);
    const failed = runs.slice(0, 3).filter((r) => !r.ok);
    expect(failed, JSON.stringify(runs, null, 2)).toHaveLength(1);
    expect(failed[0]!.message).toMatch(/--read-data-subset=\d\/3 reported errors/);
    expect(runs[3]!.ok).toBe(runs[0]!.ok);
  }, 120_000);
});

describe("borg repositories", () => {
  it("--sample 1/3 verifies each archive once in three runs, oldest-verified first, and retries a damaged one", {
    timeout: 300_000,
  }, async () => {
    const dir = folder();
    sh("borg init -e repokey repo", dir, ENV);
    const segments = new Set<string>();
    let damaged = "";
    for (const name of ["one", "two", "three"]) {
      sh(
        `mkdir -p ${name} && head -c 400000 /dev/urandom > ${name}/blob && borg create repo::${name} ${name}`,
        dir,
        ENV,
      );
      // the biggest new segment holds this archive's data
      const fresh = files(join(dir, "repo", "data")).filter((f) => !segments.has(f));
      if (name === "one") damaged = fresh.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
      for (const f of fresh) segments.add(f);
    }
    flipByte(damaged, Math.floor(statSync(damaged).size / 2));
    const set = { location: `borg:${join(dir, "repo")}`, sample: "1/3", maxAge: "1d" };
    const runs = await rotate(set, 4);
    expect(runs.map((r) => [r.subset, r.ok])).toEqual([
      // never verified, newest first; one archive a run
      ["1/3: archive(s) three", true],
      ["1/3: archive(s) two", true],
      ["1/3: archive(s) one", false],
      // a failed archive is not recorded as verified: picked again first
      ["1/3: archive(s) one", false],
    ]);
    expect(runs[2]!.message).toMatch(/borg extract --dry-run ::one:\n.*(integrity|checksum mismatch)/is);
  });

  it("passes a healthy encrypted repository; verify-data finds a damaged segment", async () => {
    const dir = folder();
    sh("borg init -e repokey repo && borg create repo::one src && borg create repo::two src", dir, ENV);
    const ok = await verify({ location: `borg:${join(dir, "repo")}`, maxAge: "1h", requireEncryption: true });
    expect(ok.report.findings).toEqual([]);
    expect(ok.sets[0]).toMatchObject({ backups: 2, encrypted: true, repositoryCheck: { ok: true } });
    const segment = files(join(dir, "repo", "data"))[0]!;
    flipByte(segment, Math.floor(statSync(segment).size / 2));
    const bad = await verify({ location: `borg:${join(dir, "repo")}` });
    expect(bad.rules).toEqual(["backup/repository-check"]);
    expect(bad.report.findings[0]!.message).toMatch(/borg check --verify-data reported errors/);
  }, 120_000);

  it("an unencrypted borg repository fails when encryption is required; a stale one fails freshness", async () => {
    const dir = folder();
    sh("borg init -e none repo && borg create repo::only src", dir, { ...ENV, BORG_PASSPHRASE: "" });
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const r = await verify({ location: `borg:${join(dir, "repo")}`, requireEncryption: true }, later);
    expect(new Set(r.rules)).toEqual(new Set(["backup/unencrypted", "backup/stale"]));
  }, 120_000);
});
