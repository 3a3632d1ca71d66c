import { spawn, spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DRILLS } from "@upkeep/shared/backup/drills/registry.js";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import type { BackupSetConfig } from "@upkeep/shared/backup/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type ThrowawayPostgres } from "./postgres.js";
import { realPorts, requireTools, sh, tempDir } from "./tools.js";

const NOW = "2026-12-08T06:00:00Z";
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
beforeAll(() => requireTools(["sqlite3", "tar", "gzip", "zstd", "zip", "pg_dump", "pg_restore", "psql"]));

function folder(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function scratchDirs(): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith("upkeep-drill-"));
}

async function drill(set: BackupSetConfig) {
  const before = scratchDirs();
  const r = await runBackupVerify({ sets: [{ checksums: "none", ...set }], cwd: "/" }, realPorts(NOW));
  // the scratch folder is gone whatever happened
  expect(scratchDirs().filter((d) => !before.includes(d))).toEqual([]);
  return { ...r, rules: r.report.findings.map((f) => f.rule), drill: r.sets[0]!.drill };
}

/** What each registered drill needs to make a real backup of its kind (the contract test's table). */
const MAKERS: Record<string, (dir: string) => { location: string; restore: BackupSetConfig["restore"] }> = {
  sqlite: (dir) => {
    sh(
      "sqlite3 live.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);' && sqlite3 live.db '.backup app-2026-12-08.sqlite' && rm live.db",
      dir,
    );
    return { location: dir, restore: { type: "sqlite", queries: [{ sql: "SELECT count(*) FROM t", expect: "3" }] } };
  },
  postgres: () => {
    throw new Error("made by the postgres describe below (needs a server)");
  },
  tar: (dir) => {
    sh("mkdir -p site/www && echo hi > site/www/index.html && tar czf site-2026-12-08.tar.gz site && rm -rf site", dir);
    return { location: dir, restore: { type: "tar", expectPaths: ["site/www/index.html"] } };
  },
  zip: (dir) => {
    sh("mkdir -p site && echo hi > site/index.html && zip -qr site-2026-12-08.zip site && rm -rf site", dir);
    return { location: dir, restore: { type: "zip", expectPaths: ["site/index.html"] } };
  },
};

describe("drill registry contract", () => {
  it.each([...DRILLS.keys()])("%s has a maker in this test, an id, a description and known programs", (id) => {
    expect(MAKERS[id], `add a maker for the ${id} drill to MAKERS`).toBeDefined();
    const d = DRILLS.get(id)!;
    expect(d.description.length).toBeGreaterThan(10);
    for (const p of d.programs) expect(p.debianPackage).toMatch(/^[a-z0-9.+-]+$/);
  });

  it.each([...DRILLS.keys()].filter((id) => id !== "postgres"))(
    "%s restores a good backup made by the real tool",
    async (id) => {
      const dir = folder();
      const made = MAKERS[id]!(dir);
      const r = await drill({ location: made.location, restore: made.restore! });
      expect(r.report.findings).toEqual([]);
      expect(r.drill).toMatchObject({ ok: true, type: id === "zip" ? "tar" : id });
      expect(r.drill!.durationMs).toBeGreaterThanOrEqual(0);
    },
  );
});

describe("sqlite drill", () => {
  it("a validation query with the wrong result fails with the value", async () => {
    const dir = folder();
    MAKERS.sqlite!(dir);
    const r = await drill({
      location: dir,
      restore: { type: "sqlite", queries: [{ sql: "SELECT count(*) FROM t", expect: "4" }] },
    });
    expect(r.rules).toEqual(["backup/restore-failed"]);
    expect(r.report.findings[0]!.message).toContain('returned "3", expected "4"');
  });

  it("a damaged database fails integrity_check with sqlite's own error", async () => {
    const dir = folder();
    sh(
      "sqlite3 live.db 'CREATE TABLE t(x TEXT); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<3000) INSERT INTO t SELECT hex(randomblob(50)) FROM c; CREATE INDEX ti ON t(x);' && sqlite3 live.db '.backup app-2026-12-08.sqlite' && rm live.db",
      dir,
    );
    sh("dd if=/dev/urandom of=app-2026-12-08.sqlite bs=1024 seek=20 count=8 conv=notrunc status=none", dir);
    const r = await drill({ location: dir, restore: { type: "sqlite" } });
    expect(r.rules).toEqual(["backup/restore-failed"]);
    expect(r.drill!.ok).toBe(false);
  });

  it("replays a compressed .dump script and checks the RTO", async () => {
    const dir = folder();
    sh(
      "sqlite3 live.db 'CREATE TABLE t(x); INSERT INTO t VALUES (7);' && sqlite3 live.db .dump | zstd -q -c > app-2026-12-08.sql.zst && rm live.db",
      dir,
    );
    const r = await drill({
      location: dir,
      restore: { type: "sqlite", queries: [{ sql: "SELECT x FROM t", expect: "7" }], rto: "1m" },
    });
    expect(r.report.findings).toEqual([]);
    expect(r.drill!.checks).toContain("replayed the SQL dump (decoded zstd)");
    expect(r.drill!.rtoMs).toBe(60_000);
  });
});

describe("tar drill: safe extraction", () => {
  it("refuses a tar with ../ entries and leaves nothing outside the scratch folder", async () => {
    const dir = folder();
    sh(
      "mkdir -p a/b && echo evil > evil.txt && cd a/b && tar cf ../../bad-2026-12-08.tar --absolute-names ../../evil.txt",
      dir,
    );
    const r = await drill({ location: join(dir, "bad-*.tar"), restore: { type: "tar" } });
    expect(r.rules).toEqual(["backup/restore-failed"]);
    expect(r.report.findings[0]!.message).toMatch(/unsafe archive: entry "\.\.\/\.\.\/evil\.txt" climbs out with \.\./);
  });

  it("refuses a symlink pointing outside and a file written through a symlink", async () => {
    const dir = folder();
    sh("mkdir s && ln -s /etc s/link && tar cf link-2026-12-08.tar s", dir);
    const r = await drill({ location: join(dir, "link-*.tar"), restore: { type: "tar" } });
    expect(r.report.findings[0]!.message).toContain("symlink s/link points to the absolute path /etc");
  });

  it("refuses an archive bomb over the size limit", async () => {
    const dir = folder();
    sh("head -c 5000000 /dev/zero > big && tar czf bomb-2026-12-08.tar.gz big && rm big", dir);
    const r = await drill({ location: dir, restore: { type: "tar", maxBytes: "1MB" } });
    expect(r.report.findings[0]!.message).toMatch(/refusing a possible archive bomb/);
  });

  it("a .tar.gz cut short mid-entry fails the drill with gzip's error instead of crashing the process", async () => {
    const dir = folder();
    sh(
      "head -c 200000 /dev/urandom > big && tar czf cut-2026-12-08.tar.gz big && rm big && head -c 60000 cut-2026-12-08.tar.gz > x && mv x cut-2026-12-08.tar.gz",
      dir,
    );
    const r = await drill({ location: dir, readability: false, restore: { type: "tar" } });
    expect(r.rules).toEqual(["backup/restore-failed"]);
    expect(r.report.findings[0]!.message).toMatch(/unexpected end of file/);
  });

  it("a missing expected path and a failing command fail the drill", async () => {
    const dir = folder();
    MAKERS.tar!(dir);
    let r = await drill({ location: dir, restore: { type: "tar", expectPaths: ["site/www/missing.html"] } });
    expect(r.report.findings[0]!.message).toContain(
      "expected path site/www/missing.html is not in the restored archive",
    );
    r = await drill({
      location: dir,
      restore: { type: "tar", command: ["sh", "-c", "grep -q bye site/www/index.html"] },
    });
    expect(r.report.findings[0]!.message).toContain("exited 1");
  });
});

describe("cleanup when killed", () => {
  it("SIGTERM during a drill removes the scratch folder before the process exits", async () => {
    const dir = folder();
    MAKERS.tar!(dir);
    writeFileSync(
      join(dir, "upkeep.yml"),
      `backups:\n  sets:\n    - location: ${dir}\n      checksums: none\n      restore:\n        type: tar\n        command: [sleep, "59.4321"]\n`,
    );
    const before = scratchDirs();
    const child = spawn(
      "node_modules/.bin/tsx",
      ["shared/src/cli/bin.ts", "backup-verify", "--config", join(dir, "upkeep.yml")],
      {
        stdio: "ignore",
        env: { ...process.env, UPKEEP_NOW: NOW },
      },
    );
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    let mine: string[] = [];
    for (let i = 0; i < 300 && mine.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      mine = scratchDirs().filter((d) => !before.includes(d));
    }
    expect(mine).toHaveLength(1);
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(scratchDirs()).not.toContain(mine[0]);
    // the drill's own command was stopped too
    const sleeping = spawnSync("pgrep", ["-f", "sleep 59.4321"]).stdout.toString().trim();
    expect(sleeping).toBe("");
  }, 60_000);
});

describe("postgres drill on a throw-away server", () => {
  let pg: ThrowawayPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
    const psql = (sql: string, db = "postgres") => sh(`psql -X -q -d "${pg.conninfo} dbname=${db}" -c "${sql}"`, "/");
    psql("CREATE DATABASE app");
    psql(
      "CREATE TABLE users(id int primary key, name text); INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 500) g;",
      "app",
    );
  }, 120_000);
  afterAll(() => pg?.stop());

  it("restores a pg_dump custom-format dump into a scratch database and drops it", async () => {
    const dir = folder();
    sh(`pg_dump -Fc -d "${pg.conninfo} dbname=app" -f app-2026-12-08.dump`, dir);
    const r = await drill({
      location: dir,
      restore: {
        type: "postgres",
        server: pg.conninfo,
        queries: [{ sql: "SELECT count(*) FROM users", expect: "500" }],
      },
    });
    expect(r.report.findings).toEqual([]);
    expect(r.drill!.checks[0]).toContain("pg_restore restored the dump");
    const dbs = sh(`psql -X -A -t -d "${pg.conninfo} dbname=postgres" -c "SELECT datname FROM pg_database"`, "/");
    expect(dbs).not.toMatch(/upkeep_drill_/);
  });

  it("a plain SQL dump cut short fails with psql's error", async () => {
    const dir = folder();
    sh(
      `pg_dump -d "${pg.conninfo} dbname=app" | gzip -c > full.sql.gz && zcat full.sql.gz | head -c 1500 | gzip -c > app-2026-12-08.sql.gz && rm full.sql.gz`,
      dir,
    );
    const r = await drill({
      location: dir,
      restore: {
        type: "postgres",
        server: pg.conninfo,
        queries: [{ sql: "SELECT count(*) FROM users", expect: "500" }],
      },
    });
    expect(r.rules).toEqual(["backup/restore-failed"]);
  });
});
