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

describe("borg repositories", () => {
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
  });

  it("an unencrypted borg repository fails when encryption is required; a stale one fails freshness", async () => {
    const dir = folder();
    sh("borg init -e none repo && borg create repo::only src", dir, { ...ENV, BORG_PASSPHRASE: "" });
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const r = await verify({ location: `borg:${join(dir, "repo")}`, requireEncryption: true }, later);
    expect(new Set(r.rules)).toEqual(new Set(["backup/unencrypted", "backup/stale"]));
  });
});
