import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readOnce } from "@upkeep/shared/backup/one-pass.js";
import { detectReader, READERS } from "@upkeep/shared/backup/readers/registry.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTools, sh, tempDir } from "./tools.js";

/** How to make a valid sample of each reader's format with the real tool (the contract's table). */
const MAKERS: Record<string, { file: string; command: string; formats: string[] }> = {
  gzip: { file: "s.gz", command: "gzip -c rows > s.gz", formats: ["gzip"] },
  zstd: { file: "s.zst", command: "zstd -q -c rows > s.zst", formats: ["zstd"] },
  xz: { file: "s.xz", command: "xz -c rows > s.xz", formats: ["xz"] },
  tar: { file: "s.tar", command: "tar cf s.tar rows", formats: ["tar"] },
  zip: { file: "s.zip", command: "zip -q s.zip rows", formats: ["zip"] },
};

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireTools(["gzip", "zstd", "xz", "tar", "zip"]);
  ({ dir, cleanup } = tempDir());
  sh("seq 1 200000 > rows", dir);
  for (const m of Object.values(MAKERS)) sh(m.command, dir);
});
afterAll(() => cleanup());

async function* chunks(bytes: Uint8Array, size = 65536): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("artifact reader contract", () => {
  const ids = [...READERS.keys()];
  it.each(ids)("%s: has a maker, detects its own sample and reads it to the end", async (id) => {
    const m = MAKERS[id];
    expect(m, `add a maker for the ${id} reader to MAKERS`).toBeDefined();
    const bytes = new Uint8Array(readFileSync(join(dir, m!.file)));
    expect(detectReader(bytes.subarray(0, READERS.get(id)!.headBytes))?.id).toBe(id);
    const r = await readOnce(chunks(bytes), { hashes: ["sha256"] });
    expect(r.problem).toBeUndefined();
    expect(r.formats).toEqual(m!.formats);
    expect(r.bytes).toBe(bytes.length);
    expect(r.digests.sha256).toBe(sh(`sha256sum ${m!.file}`, dir).split(" ")[0]);
  });

  it.each(ids)(
    "%s: a truncated copy is a problem at the end of the file, and hashing still covers every byte",
    async (id) => {
      const bytes = new Uint8Array(readFileSync(join(dir, MAKERS[id]!.file)));
      const cut = bytes.subarray(0, bytes.length - 700);
      const r = await readOnce(chunks(cut, 4096), { hashes: ["sha256", "md5"] });
      expect(r.problem?.reader).toBe(id);
      expect(r.problem?.fileOffset).toBe(cut.length);
      expect(r.bytes).toBe(cut.length);
    },
  );

  it.each(ids.filter((id) => id !== "tar"))("%s: a flipped byte in the payload is a problem", async (id) => {
    const bytes = new Uint8Array(readFileSync(join(dir, MAKERS[id]!.file)));
    const bad = bytes.slice();
    const at = Math.floor(bad.length / 2);
    bad[at] = bad[at]! ^ 0xff;
    const r = await readOnce(chunks(bad), { hashes: [] });
    expect(r.problem?.reader).toBe(id);
  });

  it("tar: a flipped byte in a header fails its checksum; nested tar inside zstd is read too", async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, "s.tar")));
    const bad = bytes.slice();
    bad[100] = bad[100]! ^ 0xff; // mode field of the first header
    const r = await readOnce(chunks(bad), { hashes: [] });
    expect(r.problem?.reader).toBe("tar");
    sh("tar cf - rows | zstd -q -c > s.tar.zst", dir);
    const nested = await readOnce(chunks(new Uint8Array(readFileSync(join(dir, "s.tar.zst")))), { hashes: [] });
    expect(nested.formats).toEqual(["zstd", "tar"]);
    expect(nested.archive).toEqual({ entries: 1, bytes: Number(sh("stat -c %s rows", dir)) });
  });

  it("readability off only hashes", async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, "s.gz"))).subarray(0, 1000);
    const r = await readOnce(chunks(bytes), { hashes: ["sha256"], readability: false });
    expect(r.problem).toBeUndefined();
    expect(r.formats).toEqual([]);
  });
});
