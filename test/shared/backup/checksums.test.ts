import { parseChecksumFile } from "@upkeep/shared/backup/checksums.js";
import { checkRetention, parseRetention } from "@upkeep/shared/backup/retention.js";
import { classifyObjects, timestampFromName } from "@upkeep/shared/backup/series.js";
import { parseSample, parseSize, parseSpan } from "@upkeep/shared/backup/settings.js";
import { storeHasher } from "@upkeep/shared/backup/store-checksums.js";
import { InputError } from "@upkeep/shared/errors.js";
import { describe, expect, it } from "vitest";

const H256 = "a".repeat(64);
const H512 = "b".repeat(128);

describe("checksum files", () => {
  it.each([
    ["GNU text mode", `${H256}  app.tar.gz`, "app.tar.gz", "sha256"],
    ["GNU binary mode", `${H256} *app.tar.gz`, "app.tar.gz", "sha256"],
    ["GNU with ./", `${H256}  ./app.tar.gz`, "app.tar.gz", "sha256"],
    ["GNU escaped name", `\\${H256}  a\\nb.tar`, "a\nb.tar", "sha256"],
    ["BSD tag", `SHA512 (app.tar.gz) = ${H512}`, "app.tar.gz", "sha512"],
    ["BSD md5", `MD5 (x.dump) = ${"c".repeat(32)}`, "x.dump", "md5"],
  ])("%s", (_name, line, file, algorithm) => {
    const m = parseChecksumFile(`# made by the backup job\n\n${line}\n`, "SUMS");
    expect(m.get(file)).toMatchObject({ algorithm, source: { file: "SUMS", line: 3 } });
  });

  it("a bare digest in a sidecar belongs to its file", () => {
    expect(parseChecksumFile(`${H256}\n`, "a.sha256", "sha256").get("")?.hex).toBe(H256);
  });

  it("a bad line names the file and line", () => {
    expect(() => parseChecksumFile(`${H256}  ok\nnot a checksum\n`, "SHA256SUMS")).toThrow(
      /SHA256SUMS:2: not a checksum line/,
    );
    expect(() => parseChecksumFile(`${"a".repeat(32)}  x\n`, "x.sha256", "sha256")).toThrow(InputError);
  });
});

describe("series and timestamps", () => {
  it.each([
    ["app-2026-12-01.tar.gz", "2026-12-01T00:00:00.000Z"],
    ["db_20261201T0200Z.dump", "2026-12-01T02:00:00.000Z"],
    ["db-2026-12-01T02:30:00+02:00.sql", "2026-12-01T00:30:00.000Z"],
    ["x-2026-12-01_0415.tgz", "2026-12-01T04:15:00.000Z"],
    ["site-20261201.zip", "2026-12-01T00:00:00.000Z"],
  ])("%s", (name, iso) => {
    expect(timestampFromName(name)?.time.toISOString()).toBe(iso);
  });

  it("rejects impossible dates and leaves sidecars and manifests out of the series", () => {
    expect(timestampFromName("app-2026-02-31.tar")).toBeUndefined();
    const objs = ["a-2026-12-01.gz", "a-2026-12-01.gz.sha256", "SHA256SUMS", "b-2026-12-01.gz", "a-2026-12-02.gz"].map(
      (key) => ({
        key,
        display: key,
        size: 1,
        modified: new Date(0),
      }),
    );
    const c = classifyObjects(objs);
    expect(c.backups.map((b) => [b.object.key, b.series])).toEqual([
      ["a-2026-12-01.gz", "a-*.gz"],
      ["b-2026-12-01.gz", "b-*.gz"],
      ["a-2026-12-02.gz", "a-*.gz"],
    ]);
    expect(c.sidecars.map((o) => o.key)).toEqual(["a-2026-12-01.gz.sha256"]);
    expect(c.manifests.map((o) => o.key)).toEqual(["SHA256SUMS"]);
  });
});

describe("GFS retention", () => {
  const days = (list: string[]) => list.map((d) => new Date(`${d}T01:00:00Z`));
  it("names missing weeks and months by date and keeps the newest of each period", () => {
    const items = days([
      "2026-09-15",
      "2026-10-20",
      "2026-11-02",
      "2026-11-16",
      "2026-11-23",
      "2026-11-30",
      "2026-12-07",
    ]);
    const r = checkRetention(items, (d) => d, { weekly: 6, monthly: 4 });
    expect(r.gaps.map((g) => g.label)).toEqual(["2026-W46"]);
    expect(checkRetention(items, (d) => d, { monthly: 6 }).gaps.map((g) => g.start)).toEqual([]);
    expect(checkRetention(items.slice(1), (d) => d, { daily: 3 }).gaps.map((g) => g.label)).toEqual([
      "2026-12-06",
      "2026-12-05",
    ]);
    expect(r.surplus.map((d) => d.toISOString().slice(0, 10))).toEqual([]);
    const r2 = checkRetention(items, (d) => d, { weekly: 2 });
    expect(r2.surplus.map((d) => d.toISOString().slice(0, 10))).toEqual([
      "2026-09-15",
      "2026-10-20",
      "2026-11-02",
      "2026-11-16",
      "2026-11-23",
    ]);
  });

  it("parses policies and rejects typos", () => {
    expect(parseRetention("daily=7,weekly=4,monthly=12,yearly=2")).toEqual({
      daily: 7,
      weekly: 4,
      monthly: 12,
      yearly: 2,
    });
    expect(() => parseRetention("dayly=7")).toThrow(/"dayly=7" is not <period>=<count>/);
  });
});

describe("settings", () => {
  it("parses spans, sizes and samples", () => {
    expect(parseSpan("30s", "x")).toBe(30_000);
    expect(parseSpan("26h", "x")).toBe(26 * 3_600_000);
    expect(parseSize("2GiB", "x")).toBe(2 * 1024 ** 3);
    expect(parseSize("500MB", "x")).toBe(500e6);
    expect(parseSample("1/7")).toEqual({ n: 1, t: 7 });
    expect(() => parseSample("8/7")).toThrow(/1 ≤ n ≤ t/);
    expect(() => parseSpan("soon", "--max-age")).toThrow(/--max-age: "soon" is not a duration/);
  });
});

describe("store checksums", () => {
  it.each([
    ["crc32", "cbf43926"],
    ["crc32c", "e3069283"],
    ["crc64nvme", "ae8b14860a799888"],
    ["sha1", "f7c3bc1d808e04732adf679965ccc34ca7ae3441"],
  ] as const)("%s of 123456789 is the catalogue's check value", async (algorithm, hex) => {
    const h = storeHasher(algorithm)!;
    h.update(new TextEncoder().encode("1234"));
    h.update(new TextEncoder().encode("56789"));
    expect(Buffer.from(await h.digestBase64(), "base64").toString("hex")).toBe(hex);
  });
});
