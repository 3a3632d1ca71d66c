import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract } from "tar-stream";
import type { ArchiveReader } from "../types.js";

/** Whether the first block is a tar header: `ustar` magic (POSIX, GNU) at offset 257. */
function hasUstarMagic(head: Uint8Array): boolean {
  return (
    head.length >= 262 &&
    head[257] === 0x75 &&
    head[258] === 0x73 &&
    head[259] === 0x74 &&
    head[260] === 0x61 &&
    head[261] === 0x72
  );
}

/** tar (POSIX ustar, GNU, pax): every header checksum checked and every entry read to its end. */
export const tarReader: ArchiveReader = {
  id: "tar",
  description: "tar (ustar, GNU, pax): checks every header's checksum and reads every entry to its end",
  kind: "archive",
  headBytes: 512,
  detect: hasUstarMagic,
  async validate(input) {
    const ex = extract();
    let entries = 0;
    let bytes = 0;
    ex.on("entry", (_header, stream, next) => {
      entries++;
      stream.on("data", (c: unknown) => {
        bytes += (c as Uint8Array).length;
      });
      stream.on("end", next);
      // the extract stream reports the failure; an entry cut short by it must not crash the process
      stream.on("error", () => {});
      stream.resume();
    });
    await pipeline(Readable.from(input, { objectMode: false }), ex);
    return { entries, bytes };
  },
};
