// The S3 backend against a real S3-compatible server (s3rver, from the npm registry) for listing and
// download-and-hash, and against the S3 stand-in (test/stand-ins/s3) for what s3rver does not serve:
// stored checksums (full-object and multipart composite) and server-side encryption.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import type { BackupSetConfig } from "@upkeep/shared/backup/types.js";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3StandIn, startS3StandIn } from "../../stand-ins/s3/server.js";
import { realPorts, tempDir } from "./tools.js";

const NOW = "2026-12-08T06:00:00Z";
const CREDS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1" };

function payload(day: string, size = 200_000): Buffer {
  const text = Array.from({ length: size / 20 }, (_, i) => `${day} row ${i}\n`).join("");
  return gzipSync(text);
}
const hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function verify(set: BackupSetConfig, endpoint: string) {
  const ports = { ...realPorts(NOW), env: { ...CREDS, AWS_ENDPOINT_URL_S3: endpoint } };
  const r = await runBackupVerify({ sets: [set], cwd: "/" }, ports);
  return { ...r, rules: r.report.findings.map((f) => f.rule) };
}

describe("S3 on s3rver (a real S3-compatible server)", () => {
  let server: S3rver;
  let endpoint: string;
  let client: S3Client;
  const dir = tempDir("upkeep-s3rver-");
  beforeAll(async () => {
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: dir.dir,
      configureBuckets: [{ name: "backups", configs: [] }],
    });
    const addr = (await server.run()) as { address: string; port: number };
    endpoint = `http://127.0.0.1:${addr.port}`;
    client = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    for (const day of ["2026-12-06", "2026-12-07", "2026-12-08"]) {
      const body = payload(day);
      await client.send(new PutObjectCommand({ Bucket: "backups", Key: `db/app-${day}.sql.gz`, Body: body }));
      await client.send(
        new PutObjectCommand({
          Bucket: "backups",
          Key: `db/app-${day}.sql.gz.sha256`,
          Body: `${hex(body)}  app-${day}.sql.gz\n`,
        }),
      );
    }
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    dir.cleanup();
  });

  it("lists the prefix, downloads and hashes each backup, gunzips it in the same pass", async () => {
    const r = await verify({ location: "s3://backups/db/", retention: { daily: 3 } }, endpoint);
    expect(r.report.findings).toEqual([]);
    expect(r.sets[0]).toMatchObject({ backups: 3, verifiedObjects: 3, verifiedByStore: 0 });
    expect(r.sets[0]!.newest!.name).toBe("s3://backups/db/app-2026-12-08.sql.gz");
  });

  it("a damaged upload (flipped byte) and a truncated one are found", async () => {
    const good = payload("2026-12-08");
    const bad = Buffer.from(good);
    bad[bad.length >> 1] = bad[bad.length >> 1]! ^ 0xff;
    await client.send(new PutObjectCommand({ Bucket: "backups", Key: "db/app-2026-12-08.sql.gz", Body: bad }));
    await client.send(
      new PutObjectCommand({
        Bucket: "backups",
        Key: "db/app-2026-12-07.sql.gz",
        Body: payload("2026-12-07").subarray(0, 5000),
      }),
    );
    const r = await verify({ location: "s3://backups/db/" }, endpoint);
    expect(r.report.findings.map((f) => [f.rule, f.properties?.backup])).toEqual(
      expect.arrayContaining([
        ["backup/checksum-mismatch", "s3://backups/db/app-2026-12-08.sql.gz"],
        ["backup/checksum-mismatch", "s3://backups/db/app-2026-12-07.sql.gz"],
        ["backup/unreadable", "s3://backups/db/app-2026-12-07.sql.gz"],
      ]),
    );
  });

  it("a bucket that does not exist is an input error", async () => {
    await expect(verify({ location: "s3://nope/" }, endpoint)).rejects.toThrow(/NoSuchBucket|listing s3:\/\/nope/);
  });
});

describe("S3 stored checksums on the stand-in", () => {
  let s3: S3StandIn;
  const days = ["2026-12-05", "2026-12-06", "2026-12-07", "2026-12-08"];
  beforeAll(async () => {
    s3 = await startS3StandIn();
    const sums: string[] = [];
    for (const day of days) {
      const body = payload(day, 400_000);
      s3.put("vault", `nightly/site-${day}.tar.gz`, { body, checksum: { type: "full" }, sse: "aws:kms" });
      sums.push(`${hex(body)}  site-${day}.tar.gz`);
    }
    s3.put("vault", "nightly/SHA256SUMS", { body: Buffer.from(`${sums.join("\n")}\n`) });
  });
  afterAll(() => s3?.close());

  it("verifies by the store's SHA-256: 0 bytes of backups downloaded, 1 HEAD per backup", async () => {
    s3.log.length = 0;
    const r = await verify(
      { location: "s3://vault/nightly/", checksums: "store", readability: false, requireEncryption: true },
      s3.endpoint,
    );
    expect(r.report.findings).toEqual([]);
    expect(r.sets[0]).toMatchObject({ verifiedObjects: 4, verifiedByStore: 4, verifiedBytes: 0, encrypted: true });
    const heads = s3.log.filter((l) => l.method === "HEAD");
    const gets = s3.log.filter((l) => l.method === "GET" && l.query["list-type"] === undefined);
    expect(heads).toHaveLength(4);
    expect(gets.map((g) => g.path)).toEqual(["/vault/nightly/SHA256SUMS"]);
    expect(s3.log.filter((l) => l.query["list-type"] === "2")).toHaveLength(1);
    expect(r.sets[0]!.store).toEqual({ requests: 6, bytesDownloaded: gets[0]!.bytes });
  });

  it("an object that is not the recorded backup fails without a download", async () => {
    const other = payload("tampered", 400_000);
    s3.put("vault", "nightly/site-2026-12-08.tar.gz", { body: other, checksum: { type: "full" }, sse: "aws:kms" });
    s3.log.length = 0;
    const r = await verify({ location: "s3://vault/nightly/", checksums: "store", readability: false }, s3.endpoint);
    expect(r.rules).toEqual(["backup/checksum-mismatch"]);
    expect(r.report.findings[0]!.properties).toMatchObject({ by: "store", actual: hex(other) });
    expect(s3.log.filter((l) => l.method === "GET" && l.path.endsWith(".tar.gz"))).toEqual([]);
  });

  it("a multipart composite checksum cannot stand for the file's digest: the object is downloaded and hashed", async () => {
    const body = payload("2026-12-08", 400_000);
    s3.put("vault", "nightly/site-2026-12-08.tar.gz", {
      body,
      checksum: { type: "composite", partSize: 5 * 1024 },
      sse: "AES256",
    });
    s3.log.length = 0;
    const r = await verify({ location: "s3://vault/nightly/", checksums: "store", readability: false }, s3.endpoint);
    expect(r.report.findings).toEqual([]);
    expect(r.sets[0]).toMatchObject({ verifiedByStore: 3 });
    const downloads = s3.log.filter(
      (l) => l.method === "GET" && l.path.endsWith(".tar.gz") && l.query.attributes === undefined,
    );
    expect(downloads.map((d) => [d.path, d.bytes])).toEqual([["/vault/nightly/site-2026-12-08.tar.gz", body.length]]);
    // its part layout was read to check the composite too, in one request
    expect(s3.log.filter((l) => l.query.attributes !== undefined).map((l) => l.path)).toEqual([
      "/vault/nightly/site-2026-12-08.tar.gz",
    ]);
  });

  it("without a recorded checksum, a composite is checked part by part (GetObjectAttributes) and bit rot names the part", async () => {
    const body = payload("2026-12-08", 400_000);
    const partSize = 8 * 1024;
    s3.put("vault", "multi/site-2026-12-08.tar.gz", { body, checksum: { type: "composite", partSize }, sse: "AES256" });
    s3.log.length = 0;
    const ok = await verify({ location: "s3://vault/multi/", checksums: "store" }, s3.endpoint);
    expect(ok.report.findings).toEqual([]);
    expect(s3.log.filter((l) => l.query.attributes !== undefined)).toHaveLength(1);
    s3.put("vault", "multi/site-2026-12-08.tar.gz", {
      body,
      checksum: { type: "composite", partSize },
      sse: "AES256",
      rot: 3 * partSize + 5,
    });
    const rotten = await verify({ location: "s3://vault/multi/", checksums: "store" }, s3.endpoint);
    const f = rotten.report.findings.find((x) => x.rule === "backup/checksum-mismatch")!;
    expect(f.properties).toMatchObject({ composite: Math.ceil(body.length / partSize), part: 4 });
    expect(f.message).toContain(`Part 4 (bytes ${3 * partSize}–${4 * partSize - 1})`);
  });

  it("S3's default CRC-64/NVME is compared after the download; bit rot in the store is found without a sidecar", async () => {
    const body = payload("2026-12-08", 100_000);
    s3.put("vault", "crc/app-2026-12-08.sql.gz", { body, checksum: { type: "full", algorithm: "crc64nvme" } });
    const ok = await verify({ location: "s3://vault/crc/", checksums: "store" }, s3.endpoint);
    expect(ok.report.findings).toEqual([]);
    s3.put("vault", "crc/app-2026-12-08.sql.gz", {
      body,
      checksum: { type: "full", algorithm: "crc64nvme" },
      rot: 100,
    });
    const r = await verify({ location: "s3://vault/crc/", checksums: "store", readability: false }, s3.endpoint);
    expect(r.report.findings.map((f) => [f.rule, f.properties?.algorithm])).toEqual([
      ["backup/checksum-mismatch", "crc64nvme"],
    ]);
  });

  it("plaintext without server-side encryption fails when encryption is required", async () => {
    s3.put("vault", "plain/site-2026-12-08.tar.gz", { body: payload("x"), checksum: { type: "full" } });
    const r = await verify({ location: "s3://vault/plain/", requireEncryption: true, checksums: "none" }, s3.endpoint);
    expect(r.rules).toEqual(["backup/unencrypted"]);
  });
});
