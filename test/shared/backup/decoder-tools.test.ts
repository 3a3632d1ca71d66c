import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import { readOnce } from "@upkeep/shared/backup/one-pass.js";
import { nodeBackupProcess } from "@upkeep/shared/io/node-backup.js";
import type { ProcessPort } from "@upkeep/shared/ports.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realPorts, requireTools, sh, tempDir } from "./tools.js";

// Large compressed streams whose decoded bytes hold no further format are tested by the installed
// decompressor, fed from the one read (one-pass.ts); these check that path finds what the in-process
// decoders find, names the offset, and falls back when the program is missing.

/** Each decoder's sample (about 2 MB compressed: above the size where a program is started). */
const SAMPLES = [
  {
    id: "gzip",
    file: "big.gz",
    make: "gzip -c big > big.gz",
    tool: "zstd --format=gzip -t",
    runs: "zstd -t -q --format=gzip",
  },
  { id: "zstd", file: "big.zst", make: "zstd -q -c big > big.zst", tool: "zstd -t", runs: "zstd -t -q" },
  { id: "xz", file: "big.xz", make: "xz -0 -c big > big.xz", tool: "xz -t", runs: "xz -t" },
] as const;

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireTools(["gzip", "zstd", "xz", "tar", "sha256sum"]);
  ({ dir, cleanup } = tempDir());
  // base64 of random bytes: compresses to about 3/4, so every sample is well above 256 KiB
  sh("head -c 2000000 /dev/urandom | base64 > big", dir);
  for (const s of SAMPLES) sh(s.make, dir);
});
afterAll(() => cleanup());

async function* chunks(bytes: Uint8Array, size = 1024 * 1024): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The real process port, recording what it was asked to feed. */
function recording(port: ProcessPort = nodeBackupProcess()): ProcessPort & { fed: string[] } {
  const fed: string[] = [];
  return {
    ...port,
    fed,
    feed(command, input) {
      fed.push(command.join(" "));
      return port.feed!(command, input);
    },
  };
}

const read = (file: string) => new Uint8Array(readFileSync(join(dir, file)));

describe("decompressor programs fed from the one read", () => {
  it.each(SAMPLES)("$id: a valid file passes through $tool, and every byte is hashed", async (s) => {
    const tools = recording();
    const bytes = read(s.file);
    const r = await readOnce(chunks(bytes), { hashes: ["sha256"], tools });
    expect(r.problem).toBeUndefined();
    expect(tools.fed).toEqual([s.runs]);
    expect(r.formats).toEqual([s.id]);
    expect(r.bytes).toBe(bytes.length);
    expect(r.digests.sha256).toBe(sh(`sha256sum ${s.file}`, dir).split(" ")[0]);
  });

  it.each(SAMPLES)("$id: a truncated tail is caught by $tool at the end of the file", async (s) => {
    const tools = recording();
    const cut = read(s.file).subarray(0, read(s.file).length - 700);
    const r = await readOnce(chunks(cut, 65536), { hashes: ["sha256"], tools });
    expect(tools.fed).toHaveLength(1);
    expect(r.problem).toMatchObject({ reader: s.id, offset: cut.length, fileOffset: cut.length });
    expect(r.problem!.message).toMatch(/end/i);
    expect(r.problem!.message).toContain(`(${s.tool})`);
    expect(r.bytes).toBe(cut.length);
  });

  it.each(SAMPLES)("$id: a flipped byte is caught by $tool, at or after the damage", async (s) => {
    const tools = recording();
    const bad = read(s.file).slice();
    const at = Math.floor(bad.length / 2);
    bad[at] = bad[at]! ^ 0xff;
    const r = await readOnce(chunks(bad), { hashes: ["sha256"], tools });
    expect(tools.fed).toHaveLength(1);
    expect(r.problem?.reader).toBe(s.id);
    expect(r.problem!.message).toContain(`(${s.tool})`);
    expect(r.problem!.offset).toBeGreaterThanOrEqual(at);
    expect(r.problem!.offset).toBeLessThanOrEqual(bad.length);
    // hashing went on to the end regardless
    expect(r.bytes).toBe(bad.length);
    expect(r.digests.sha256).not.toBe(sh(`sha256sum ${s.file}`, dir).split(" ")[0]);
  });

  it("gzip: a damaged CRC-32 trailer is caught (zstd's zlib checks it), named as zlib's data error", async () => {
    const bad = read("big.gz").slice();
    bad[bad.length - 6] = bad[bad.length - 6]! ^ 0xff;
    const r = await readOnce(chunks(bad), { hashes: [], tools: recording() });
    expect(r.problem?.reader).toBe("gzip");
    expect(r.problem!.message).toContain("Z_DATA_ERROR");
  });

  it("a tar inside zstd is decoded in-process, so the tar reader still reads every entry", async () => {
    sh("tar cf - big | zstd -q -c > big.tar.zst", dir);
    const tools = recording();
    const r = await readOnce(chunks(read("big.tar.zst")), { hashes: [], tools });
    expect(tools.fed).toEqual([]);
    expect(r.problem).toBeUndefined();
    expect(r.formats).toEqual(["zstd", "tar"]);
    expect(r.archive).toEqual({ entries: 1, bytes: Number(sh("stat -c %s big", dir)) });
  });

  it("a program that is not installed falls back to the in-process decoder, which still finds the damage", async () => {
    const real = nodeBackupProcess();
    const missing = recording({
      ...real,
      feed: (command, input) => real.feed!([`${command[0]}-not-installed`, ...command.slice(1)], input),
    });
    const bad = read("big.zst").slice();
    bad[bad.length >> 1] = bad[bad.length >> 1]! ^ 0xff;
    const r = await readOnce(chunks(bad), { hashes: ["sha256"], tools: missing });
    expect(missing.fed).toEqual(["zstd -t -q"]);
    expect(r.problem?.reader).toBe("zstd");
    expect(r.problem!.message).not.toContain("zstd -t");
    const ok = await readOnce(chunks(read("big.zst")), { hashes: [], tools: missing });
    expect(ok.problem).toBeUndefined();
  });

  it("a zstd built without gzip support is not asked to test gzip", async () => {
    const real = nodeBackupProcess();
    const noGzip = recording({
      ...real,
      run: async (command, options) =>
        command.join(" ") === "zstd -vV"
          ? { code: 0, stdout: "*** supports: zstd, zstd legacy v0.5+\n", stderr: "" }
          : real.run(command, options),
    });
    const r = await readOnce(chunks(read("big.gz")), { hashes: [], tools: noGzip });
    expect(noGzip.fed).toEqual([]);
    expect(r.problem).toBeUndefined();
    expect(r.formats).toEqual(["gzip"]);
  });

  it("backup-verify names the offset and the truncation of a large .zst dump it tested with zstd -t", async () => {
    const t = tempDir();
    try {
      sh(`cp ${join(dir, "big.zst")} db-2026-12-08.sql.zst && truncate -s -500 db-2026-12-08.sql.zst`, t.dir);
      const size = Number(sh("stat -c %s db-2026-12-08.sql.zst", t.dir).trim());
      const r = await runBackupVerify(
        { sets: [{ location: t.dir, checksums: "none" }], cwd: "/" },
        realPorts("2026-12-08T06:00:00Z"),
      );
      const f = r.report.findings.find((x) => x.rule === "backup/unreadable");
      expect(f, JSON.stringify(r.report.findings)).toBeDefined();
      expect(f!.properties).toMatchObject({ reader: "zstd", offset: size, fileOffset: size });
      expect(f!.message).toContain("(zstd -t)");
      expect(f!.message).toContain(`the file ends at byte ${size}: it is truncated`);
    } finally {
      t.cleanup();
    }
  });
});
