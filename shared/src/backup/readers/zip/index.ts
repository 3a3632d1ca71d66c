import { crc32 } from "node:zlib";
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { type ArchiveReader, ReadabilityProblem } from "../types.js";

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
/** The end-of-central-directory record with the longest comment fits in the last 22 + 65,535 bytes. */
const EOCD_SPAN = 22 + 0xffff;
/** Central directories up to this size are checked against the CRC-32 of every entry read. */
const TAIL_KEEP = 4 * 1024 * 1024;

interface EntryResult {
  name: string;
  crc: number;
  size: number;
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}
function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}

/**
 * The central directory's entries (name → CRC-32) when it lies inside `tail` (which starts at file
 * offset `tailStart`). The record layout is APPNOTE 4.3.12/4.3.16; parsed here because the one-pass
 * design reads the stream once and no maintained streaming zip reader exposes stored CRCs.
 */
function checkTail(
  tail: Uint8Array,
  tailStart: number,
  total: number,
): { crcs: Map<string, number> | undefined; entries: number } {
  const from = Math.max(0, tail.length - EOCD_SPAN);
  let eocd = -1;
  for (let i = tail.length - 22; i >= from; i--) {
    if (u32(tail, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new ReadabilityProblem(
      `zip: no end-of-central-directory record; the archive is truncated or not a zip (it ends at byte ${total})`,
      total,
    );
  }
  const entries = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff) return { crcs: undefined, entries }; // zip64
  const eocdAbs = tailStart + eocd;
  if (cdOffset + cdSize !== eocdAbs) {
    throw new ReadabilityProblem(
      `zip: the central directory should end at byte ${cdOffset + cdSize} but the end record is at byte ${eocdAbs}; bytes are missing or extra`,
      eocdAbs,
    );
  }
  if (cdOffset < tailStart) return { crcs: undefined, entries };
  const crcs = new Map<string, number>();
  let p = cdOffset - tailStart;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > tail.length || u32(tail, p) !== CDH_SIG) {
      throw new ReadabilityProblem(`zip: central directory entry ${n + 1} is damaged`, tailStart + p);
    }
    const nameLen = u16(tail, p + 28);
    const name = new TextDecoder().decode(tail.subarray(p + 46, p + 46 + nameLen));
    if (!crcs.has(name)) crcs.set(name, u32(tail, p + 16));
    p += 46 + nameLen + u16(tail, p + 30) + u16(tail, p + 32);
  }
  return { crcs, entries };
}

/** zip: every entry inflated and its CRC-32 compared with the central directory, whose position is checked. */
export const zipReader: ArchiveReader = {
  id: "zip",
  description: "zip: inflates every entry, compares its CRC-32 with the central directory, checks the end record",
  kind: "archive",
  headBytes: 4,
  detect: (head) =>
    head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6),
  async validate(input) {
    const results: EntryResult[] = [];
    let failure: Error | undefined;
    let total = 0;
    const unzip = new Unzip((file: UnzipFile) => {
      let crc = 0;
      let size = 0;
      file.ondata = (err, data, final) => {
        if (err) {
          failure ??= new ReadabilityProblem(`zip: ${file.name}: ${err.message}`, total);
          return;
        }
        crc = crc32(data, crc);
        size += data.length;
        if (final) results.push({ name: file.name, crc, size });
      };
      try {
        file.start();
      } catch (err) {
        failure ??= new ReadabilityProblem(`zip: ${file.name}: ${(err as Error).message}`, total);
      }
    });
    unzip.register(UnzipInflate);
    let tail = new Uint8Array(0);
    for await (const chunk of input) {
      if (!failure) {
        try {
          unzip.push(chunk);
        } catch (err) {
          failure = new ReadabilityProblem(`zip: ${(err as Error).message}`, total);
        }
      }
      total += chunk.length;
      const joined = new Uint8Array(Math.min(TAIL_KEEP, tail.length + chunk.length));
      const fromChunk = Math.min(chunk.length, joined.length);
      joined.set(tail.subarray(tail.length - (joined.length - fromChunk)), 0);
      joined.set(chunk.subarray(chunk.length - fromChunk), joined.length - fromChunk);
      tail = joined;
    }
    if (failure) throw failure;
    try {
      unzip.push(new Uint8Array(0), true);
    } catch (err) {
      throw new ReadabilityProblem(`zip: ${(err as Error).message}`, total);
    }
    if (failure) throw failure;
    const { crcs } = checkTail(tail, total - tail.length, total);
    for (const r of results) {
      const want = crcs?.get(r.name);
      if (want !== undefined && want !== r.crc) {
        throw new ReadabilityProblem(
          `zip: ${r.name}: CRC-32 is ${r.crc.toString(16).padStart(8, "0")}, the central directory says ${want.toString(16).padStart(8, "0")}`,
          total,
        );
      }
    }
    return { entries: results.length, bytes: results.reduce((s, r) => s + r.size, 0) };
  },
};
