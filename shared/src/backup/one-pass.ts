/**
 * The one read of a backup: every byte goes once through the hashers and, in the same pass, through
 * the artifact readers the first bytes select (gzip → tar, zstd, xz, zip ...). A reader that fails
 * stops reading, but hashing goes on to the end so the checksum verdict stays exact.
 */

import { createHash, type Hash } from "node:crypto";
import type { ProcessPort } from "../ports.js";
import { detectReader, MAX_HEAD_BYTES } from "./readers/registry.js";
import { type ArchiveStats, type DecoderReader, type DecoderTool, ReadabilityProblem } from "./readers/types.js";
import type { HashAlgorithm } from "./types.js";

/** Where reading failed: the reader, its message, the offset in its input and in the file. */
export interface ReadProblem {
  reader: string;
  message: string;
  /** Bytes into the failing reader's input (the decompressed stream for an inner reader). */
  offset: number;
  /** Bytes of the file read when the problem was found. */
  fileOffset: number;
}

/** The result of {@link readOnce}. */
export interface OnePassResult {
  /** Bytes read. */
  bytes: number;
  /** Lowercase hex digest per requested algorithm. */
  digests: Partial<Record<HashAlgorithm, string>>;
  /** The formats recognised, outermost first (e.g. `["gzip", "tar"]`); empty for unknown data. */
  formats: string[];
  /** What the innermost archive reader counted. */
  archive?: ArchiveStats;
  problem?: ReadProblem;
  /** The first bytes of the file (up to 512), for encryption detection. */
  head: Uint8Array;
  /** Base64 SHA-256 of each part, when `partSizes` was given (an S3 multipart layout). */
  partDigests?: string[];
}

/** Options of {@link readOnce}. */
export interface OnePassOptions {
  hashes: readonly HashAlgorithm[];
  /** Run the artifact readers. Default true. */
  readability?: boolean;
  /** Called after each chunk with the bytes read so far. */
  onProgress?: (bytes: number) => void;
  /** More consumers of every byte (the store's own checksum algorithms). */
  also?: readonly { update(chunk: Uint8Array): void }[];
  /** Sizes of consecutive parts to hash separately with SHA-256 (to check an S3 composite checksum). */
  partSizes?: readonly number[];
  /**
   * Runs installed decompressors (`zstd -t`, `xz -t`, a decoder's `tools`) fed from this read when the
   * decoded bytes hold no further format; without it (or without the program) the in-process decoders run.
   */
  tools?: ProcessPort;
  /** Layers tried before the readers on each stream's first bytes (the encrypted formats: ./encrypted). */
  outer?: (head: Uint8Array) => DecoderReader | undefined;
}

class Tagged extends Error {
  constructor(readonly problem: Omit<ReadProblem, "fileOffset">) {
    super(problem.message);
  }
}

/** A bounded queue from the hashing loop to the reader chain. */
class Channel implements AsyncIterable<Uint8Array> {
  private queue: Uint8Array[] = [];
  private ended = false;
  private closed = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  private queuedBytes = 0;
  constructor(private readonly limit: number) {}

  async push(chunk: Uint8Array): Promise<void> {
    if (this.closed) return;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.wakeConsumer?.();
    while (this.queuedBytes > this.limit && !this.closed) {
      await new Promise<void>((r) => {
        this.wakeProducer = r;
      });
    }
  }
  end(): void {
    this.ended = true;
    this.wakeConsumer?.();
  }
  /** The consumer stopped: later pushes are dropped. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.wakeProducer?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next) {
          this.queuedBytes -= next.length;
          if (this.queuedBytes <= this.limit) this.wakeProducer?.();
          yield next;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((r) => {
          this.wakeConsumer = r;
        });
        this.wakeConsumer = undefined;
      }
    } finally {
      this.close();
    }
  }
}

interface Counter {
  bytes: number;
}

async function* counted(input: AsyncIterable<Uint8Array>, counter: Counter): AsyncIterable<Uint8Array> {
  for await (const c of input) {
    counter.bytes += c.length;
    yield c;
  }
}

/**
 * Reads the first `want` bytes of a stream (without losing them) and returns them with an iterable of the whole
 * stream, so a reader can be chosen by its magic bytes and then read everything. Throws what the stream throws.
 */
export async function sniff(
  input: AsyncIterable<Uint8Array>,
  want: number,
): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const it = input[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < want) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    have += r.value.length;
  }
  const head = new Uint8Array(Math.min(have, want));
  let p = 0;
  for (const c of seen) {
    if (p >= head.length) break;
    const part = c.subarray(0, head.length - p);
    head.set(part, p);
    p += part.length;
  }
  async function* rest(): AsyncIterable<Uint8Array> {
    for (const c of seen) yield c;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Compressed bytes below which a decoder runs in-process: starting a program costs more than decoding them. */
const TOOL_MIN_INPUT = 256 * 1024;

/**
 * The first {@link MAX_HEAD_BYTES} decoded bytes of `prefix` (the start of a longer stream), or undefined when
 * the prefix does not decode to that many (then the in-process decoder reads the whole stream and says why).
 */
async function decodedHead(reader: DecoderReader, prefix: Uint8Array): Promise<Uint8Array | undefined> {
  async function* pieces(): AsyncIterable<Uint8Array> {
    // small pieces, so a 38:1 stream stops after a few MiB of output
    for (let i = 0; i < prefix.length; i += 64 * 1024) yield prefix.subarray(i, i + 64 * 1024);
  }
  const it = reader.decode(pieces())[Symbol.asyncIterator]();
  const out = new Uint8Array(MAX_HEAD_BYTES);
  let have = 0;
  try {
    while (have < out.length) {
      const r = await it.next();
      if (r.done) break;
      const part = r.value.subarray(0, out.length - have);
      out.set(part, have);
      have += part.length;
    }
  } catch {
    // the prefix ends mid-stream (expected once the head is out) or the data is damaged: either way not a verdict
  } finally {
    await it.return?.()?.catch(() => {});
  }
  return have === out.length ? out : undefined;
}

const supported = new WeakMap<ProcessPort, Map<string, Promise<boolean>>>();

/** Whether the program can run `tool` (its `requires` check, once per port and command). */
function canRun(port: ProcessPort, tool: DecoderTool): Promise<boolean> {
  const req = tool.requires;
  if (!req) return Promise.resolve(true);
  let known = supported.get(port);
  if (!known) {
    known = new Map();
    supported.set(port, known);
  }
  const key = req.command.join(" ");
  let answer = known.get(key);
  if (!answer) {
    answer = port.run(req.command, { timeoutMs: 10_000 }).then(
      (r) => r.code === 0 && req.pattern.test(`${r.stdout}\n${r.stderr}`),
      () => false,
    );
    known.set(key, answer);
  }
  return answer;
}

/**
 * Tests a compressed stream whose decoded bytes hold no further format with the first of the reader's
 * programs that runs, fed from `input`. Returns false (having read nothing) when none could start.
 */
async function testWithTool(
  reader: DecoderReader,
  input: AsyncIterable<Uint8Array>,
  port: ProcessPort,
): Promise<boolean> {
  for (const tool of reader.tools ?? []) {
    if (!port.feed || !(await canRun(port, tool))) continue;
    const counter: Counter = { bytes: 0 };
    const r = await port.feed(tool.command, counted(input, counter));
    if (r.code === 127 && counter.bytes === 0) continue; // not installed
    if (r.code !== 0) throw new Tagged({ reader: reader.id, message: tool.explain(r.stderr), offset: r.fed });
    if (r.fed < counter.bytes)
      throw new Tagged({
        reader: reader.id,
        message: `${tool.command.join(" ")} stopped reading before the end and reported nothing`,
        offset: r.fed,
      });
    return true;
  }
  return false;
}

async function runChain(
  input: AsyncIterable<Uint8Array>,
  formats: string[],
  tools?: ProcessPort,
  outer?: OnePassOptions["outer"],
): Promise<ArchiveStats | undefined> {
  const { head, rest } = await sniff(input, MAX_HEAD_BYTES);
  const reader = outer?.(head) ?? detectReader(head);
  if (!reader) {
    for await (const _ of rest) {
      // unknown format (or plain data): nothing to check, but the stream must still be consumed
    }
    return undefined;
  }
  formats.push(reader.id);
  const counter: Counter = { bytes: 0 };
  if (reader.kind === "archive") {
    try {
      return await reader.validate(counted(rest, counter));
    } catch (err) {
      if (err instanceof Tagged) throw err;
      const offset = err instanceof ReadabilityProblem ? err.offset : counter.bytes;
      throw new Tagged({ reader: reader.id, message: messageOf(err), offset });
    }
  }
  let encoded = rest;
  if (tools?.feed && reader.tools?.length) {
    // Decoding a large stream in-process costs the main thread a garbage collection every few MiB of
    // output; an installed decompressor tests it on the other core instead, fed from this same read. It
    // only fits when the decoded bytes go nowhere else, which their first bytes tell.
    const probe = await sniff(rest, TOOL_MIN_INPUT);
    encoded = probe.rest;
    if (probe.head.length === TOOL_MIN_INPUT) {
      const inner = await decodedHead(reader, probe.head);
      if (inner && !detectReader(inner) && (await testWithTool(reader, encoded, tools))) return undefined;
    }
  }
  const decoded = reader.decode(counted(encoded, counter));
  async function* guarded(): AsyncIterable<Uint8Array> {
    try {
      for await (const c of decoded) yield c;
    } catch (err) {
      if (err instanceof Tagged) throw err;
      const offset = err instanceof ReadabilityProblem ? err.offset : counter.bytes;
      throw new Tagged({ reader: reader!.id, message: messageOf(err), offset });
    }
  }
  return runChain(guarded(), formats, tools, outer);
}

/**
 * Reads `source` once: hashes every byte with each algorithm in `options.hashes` and, unless
 * `readability` is false, stream-tests the formats the first bytes select. Never throws for bad data
 * (that is `problem`); rethrows errors of the source itself (the file or object could not be read).
 */
export async function readOnce(source: AsyncIterable<Uint8Array>, options: OnePassOptions): Promise<OnePassResult> {
  const hashers: [HashAlgorithm, Hash][] = options.hashes.map((a) => [a, createHash(a)]);
  const formats: string[] = [];
  const channel = new Channel(8 * 1024 * 1024);
  let bytes = 0;
  let problem: ReadProblem | undefined;
  let archive: ArchiveStats | undefined;
  const head = new Uint8Array(512);
  let headLength = 0;
  const parts = options.partSizes;
  const partDigests: string[] = [];
  let part = parts ? createHash("sha256") : undefined;
  let partLeft = parts?.[0] ?? 0;
  const hashParts = (chunk: Uint8Array) => {
    let c = chunk;
    while (part && c.length > 0) {
      const take = Math.min(partLeft, c.length);
      part.update(c.subarray(0, take));
      partLeft -= take;
      c = c.subarray(take);
      if (partLeft === 0) {
        partDigests.push(part.digest("base64"));
        const next = parts![partDigests.length];
        part = next === undefined ? undefined : createHash("sha256");
        partLeft = next ?? 0;
      }
    }
  };

  const chain =
    options.readability === false
      ? undefined
      : runChain(channel, formats, options.tools, options.outer).then(
          (stats) => {
            archive = stats;
          },
          (err: unknown) => {
            channel.close();
            const p = err instanceof Tagged ? err.problem : { reader: "read", message: messageOf(err), offset: bytes };
            problem = { ...p, fileOffset: bytes };
          },
        );
  try {
    for await (const raw of source) {
      const chunk = raw instanceof Uint8Array ? raw : new Uint8Array(raw as ArrayBuffer);
      if (headLength < head.length) {
        const part = chunk.subarray(0, head.length - headLength);
        head.set(part, headLength);
        headLength += part.length;
      }
      for (const [, h] of hashers) h.update(chunk);
      if (part) hashParts(chunk);
      if (options.also) for (const a of options.also) a.update(chunk);
      bytes += chunk.length;
      if (chain) await channel.push(chunk);
      options.onProgress?.(bytes);
    }
  } finally {
    channel.end();
    if (chain) await chain;
  }
  const digests: Partial<Record<HashAlgorithm, string>> = {};
  for (const [a, h] of hashers) digests[a] = h.digest("hex");
  return {
    bytes,
    digests,
    formats,
    ...(archive ? { archive } : {}),
    ...(problem ? { problem } : {}),
    head: head.slice(0, headLength),
    ...(parts ? { partDigests } : {}),
  };
}
