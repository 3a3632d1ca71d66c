// actions/backup-verify through its committed bundle under Node 24, as GitHub's runner runs it: inputs,
// outputs, the job summary table per set, annotations, the state file and the exit status.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../harness/node24.js";
import { requireTools, sh } from "../../shared/backup/tools.js";
import { startS3StandIn } from "../../stand-ins/s3/server.js";
import { runBundledAction, tempDir, writeFiles } from "../helpers.js";

const actionDir = join(repoRoot, "actions", "backup-verify");
const NOW = "2026-12-08T06:00:00Z";

function workspace(): string {
  requireTools(["tar", "gzip", "xz", "zstd", "sha256sum", "sqlite3"]);
  const dir = tempDir("upkeep-backup-action-");
  sh("mkdir -p backups db && seq 1 20000 > rows", dir);
  for (const day of ["2026-12-06", "2026-12-07", "2026-12-08"]) {
    sh(
      `tar cf - rows | xz -c > backups/app-${day}.tar.xz && sha256sum backups/app-${day}.tar.xz | sed 's#backups/##' > backups/app-${day}.tar.xz.sha256`,
      dir,
    );
  }
  sh(
    "sqlite3 live.db 'CREATE TABLE users(id); INSERT INTO users VALUES (1),(2);' && sqlite3 live.db '.backup db/users-2026-12-08.sqlite' && rm live.db rows",
    dir,
  );
  return dir;
}

describe("actions/backup-verify bundle", () => {
  it("passes a healthy set: outputs, a summary table per set, drill evidence", async () => {
    const dir = workspace();
    writeFiles(dir, {
      ".github/upkeep.yml": [
        "backups:",
        "  sets:",
        "    - name: app",
        "      location: backups",
        "      retention: { daily: 3 }",
        "    - name: users",
        "      location: db",
        "      checksums: none",
        "      restore:",
        "        type: sqlite",
        "        rto: 5m",
        "        queries:",
        "          - sql: SELECT count(*) FROM users",
        "            expect: '2'",
        "",
      ].join("\n"),
    });
    const r = await runBundledAction(actionDir, {
      workspace: dir,
      now: NOW,
      inputs: { "json-file": "backup-report.json" },
    });
    expect(r.exitCode, JSON.stringify(r.annotations)).toBe(0);
    expect(r.outputs.passed).toBe("true");
    const sets = JSON.parse(r.outputs.sets!) as { name: string; status: string; verifiedObjects: number }[];
    expect(sets.map((s) => [s.name, s.status, s.verifiedObjects])).toEqual([
      ["app", "pass", 3],
      ["users", "pass", 1],
    ]);
    const drills = JSON.parse(r.outputs.drills!) as { set: string; type: string; ok: boolean; durationMs: number }[];
    expect(drills).toMatchObject([{ set: "users", type: "sqlite", ok: true }]);
    expect(r.summary).toContain("| set | status | newest | age | size (median) | verified | drill |");
    expect(r.summary).toMatch(/\| app \| ✅ pass \| backups\/app-2026-12-08\.tar\.xz \| 6h \|/);
    expect(r.summary).toContain("### Restore drills");
    const json = JSON.parse(readFileSync(join(dir, "backup-report.json"), "utf8")) as {
      check: string;
      data: { sets: unknown[] };
    };
    expect(json.check).toBe("backup-verify");
    expect(json.data.sets).toHaveLength(2);
  });

  it("fails on a truncated backup and a missing day, with annotations, and keeps sample state", async () => {
    const dir = workspace();
    sh("rm backups/app-2026-12-07.tar.xz* && truncate -s -100 backups/app-2026-12-08.tar.xz", dir);
    const r = await runBundledAction(actionDir, {
      workspace: dir,
      now: NOW,
      inputs: { location: "backups", retention: "daily=3", sample: "1/1", "state-file": "state/backup.json" },
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.passed).toBe("false");
    const titles = r.annotations.map((a) => a.title);
    expect(titles).toEqual(
      expect.arrayContaining(["backup/checksum-mismatch", "backup/unreadable", "backup/retention-gap"]),
    );
    expect(r.annotations.find((a) => a.title === "backup/retention-gap")!.message).toContain("2026-12-07");
    expect(existsSync(join(dir, "state/backup.json"))).toBe(true);
    expect(r.outputs["state-file"]).toBe(join(dir, "state/backup.json"));
    // The step fails with the action's name and where to look (action-kit's runAction).
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: "backup-verify: failed (see the findings above and the job summary)",
      }),
    );
  });

  it("an empty location fails (backup/missing); a missing one is an error naming it", async () => {
    const dir = tempDir("upkeep-backup-action-");
    sh("mkdir empty", dir);
    const empty = await runBundledAction(actionDir, { workspace: dir, now: NOW, inputs: { location: "empty" } });
    expect(empty.exitCode).toBe(1);
    expect(empty.annotations.map((a) => a.title)).toContain("backup/missing");
    const missing = await runBundledAction(actionDir, { workspace: dir, now: NOW, inputs: { location: "nope" } });
    expect(missing.exitCode).toBe(1);
    expect(missing.annotations.map((a) => a.message).join("\n")).toMatch(
      /backup-verify: backup location nope does not exist/,
    );
  });

  it("reads an S3 location (the stand-in on 127.0.0.1) with credentials from the environment", async () => {
    const s3 = await startS3StandIn();
    try {
      const body = Buffer.from(sh("seq 1 5000 | gzip -c | base64 -w0", "/"), "base64");
      s3.put("vault", "db/app-2026-12-08.sql.gz", {
        body,
        checksum: { type: "full", algorithm: "crc64nvme" },
        sse: "aws:kms",
      });
      const dir = tempDir("upkeep-backup-action-");
      const r = await runBundledAction(actionDir, {
        workspace: dir,
        now: NOW,
        inputs: { location: "s3://vault/db/", checksums: "store", "require-encryption": "true" },
        env: {
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_ENDPOINT_URL_S3: s3.endpoint,
          AWS_REGION: "us-east-1",
        },
      });
      expect(r.exitCode, JSON.stringify(r.annotations)).toBe(0);
      const sets = JSON.parse(r.outputs.sets!) as {
        verifiedObjects: number;
        encrypted: boolean;
        store: { requests: number };
      }[];
      expect(sets[0]).toMatchObject({ verifiedObjects: 1, encrypted: true, store: { requests: 3 } });
    } finally {
      await s3.close();
    }
  });

  it("bad input values are named", async () => {
    const dir = tempDir("upkeep-backup-action-");
    sh("mkdir b && echo x > b/a-2026-12-08.txt", dir);
    const r = await runBundledAction(actionDir, {
      workspace: dir,
      now: NOW,
      inputs: { location: "b", retention: "dayly=7" },
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message).join("\n")).toContain(
      'input retention: "dayly=7" is not <period>=<count>',
    );
  });
});
