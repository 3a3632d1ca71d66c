/**
 * age v1 (https://age-encryption.org/v1) checked without the key: the version line, each recipient
 * stanza (`-> type args`, its body in 64-column unpadded base64), the `--- MAC` line, then the payload's
 * size: a 16-byte nonce and STREAM chunks of 64 KiB + 16-byte tag, the last one shorter but never empty
 * (unless the whole file is). A cut inside the header, the nonce or a tag, or exactly at a chunk boundary,
 * is caught; a flipped payload byte needs the key (the chunk's tag), see {@link ../encrypted/index.ts}.
 */

import { ReadabilityProblem } from "../readers/types.js";

const CHUNK = 64 * 1024;
const TAG = 16;
const NONCE = 16;
const MAX_HEADER = 1024 * 1024;
const B64 = /^[A-Za-z0-9+/]*$/;
const VCHAR = /^[\x21-\x7e]+$/;

function decodedLength(b64: string): number | undefined {
  if (!B64.test(b64) || b64.length % 4 === 1) return undefined;
  return Math.floor((b64.length * 3) / 4);
}

/** Walks an age file's bytes (binary, after any armor); throws ReadabilityProblem with the file offset. */
export class AgeWalker {
  private header: number[] = [];
  private lines = 0;
  private inHeader = true;
  private stanza: { type: string; start: number; bodyBytes: number } | undefined;
  private stanzas: string[] = [];
  private headerBytes = 0;
  private payload = 0;
  private lineStart = 0;

  private fail(message: string, offset = this.lineStart): never {
    throw new ReadabilityProblem(`age: ${message}`, offset);
  }

  update(chunk: Uint8Array): void {
    if (!this.inHeader) {
      this.payload += chunk.length;
      return;
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b !== 0x0a) {
        if (this.header.length > MAX_HEADER) this.fail(`the header is longer than ${MAX_HEADER} bytes`);
        this.header.push(b);
        continue;
      }
      const line = Buffer.from(this.header).toString("latin1");
      this.header = [];
      this.onLine(line);
      this.headerBytes += line.length + 1;
      this.lineStart = this.headerBytes;
      if (!this.inHeader) {
        this.payload += chunk.length - i - 1;
        return;
      }
    }
  }

  private onLine(line: string): void {
    this.lines++;
    if (this.lines === 1) {
      if (line !== "age-encryption.org/v1")
        this.fail(`the first line is ${JSON.stringify(line.slice(0, 40))}, not age-encryption.org/v1`);
      return;
    }
    if (this.stanza) {
      const n = decodedLength(line);
      if (n === undefined || line.length > 64)
        this.fail(
          `the body of the ${this.stanza.type} stanza has a line that is not unpadded base64 of at most 64 columns`,
        );
      this.stanza.bodyBytes += n;
      if (line.length < 64) this.closeStanza();
      return;
    }
    if (line.startsWith("-> ")) {
      const args = line.slice(3).split(" ");
      if (args.some((a) => !VCHAR.test(a))) this.fail("a stanza line has an empty or non-printable argument");
      const [type, ...rest] = args as [string, ...string[]];
      if (type === "X25519" && (rest.length !== 1 || decodedLength(rest[0]!) !== 32 || rest[0]!.length !== 43))
        this.fail("an X25519 stanza must carry one 32-byte ephemeral share (43 base64 characters)");
      if (type === "scrypt" && (rest.length !== 2 || rest[0]!.length !== 22 || !/^[1-9]\d?$/.test(rest[1]!)))
        this.fail("a scrypt stanza must carry a 16-byte salt and a work factor");
      this.stanza = { type, start: this.lineStart, bodyBytes: 0 };
      return;
    }
    if (line.startsWith("---")) {
      const mac = line.slice(4);
      if (!line.startsWith("--- ") || mac.length !== 43 || decodedLength(mac) !== 32)
        this.fail("the MAC line must be --- and a 32-byte MAC in 43 base64 characters");
      if (this.stanzas.length === 0) this.fail("the header has no recipient stanza");
      if (this.stanzas.includes("scrypt") && this.stanzas.length > 1)
        this.fail("a scrypt stanza must be the only one in the header");
      this.inHeader = false;
      return;
    }
    this.fail(`header line ${this.lines} is neither a recipient stanza (-> …) nor the MAC line (--- …)`);
  }

  private closeStanza(): void {
    const s = this.stanza!;
    if ((s.type === "X25519" || s.type === "scrypt") && s.bodyBytes !== 32)
      this.fail(`the ${s.type} stanza's body is ${s.bodyBytes} bytes, not a 32-byte wrapped file key`, s.start);
    this.stanzas.push(s.type);
    this.stanza = undefined;
  }

  /** Ends the input: the header complete, the payload's size a nonce and whole chunks. */
  end(): void {
    const total = this.headerBytes + this.header.length + this.payload;
    if (this.inHeader)
      this.fail(`the file ends at byte ${total}, inside the header (before the --- MAC line): it is truncated`, total);
    if (this.payload < NONCE + TAG)
      this.fail(
        `the payload is ${this.payload} bytes, less than its 16-byte nonce and one 16-byte chunk tag: the file ends early (truncated)`,
        total,
      );
    const chunks = this.payload - NONCE;
    const last = chunks % (CHUNK + TAG);
    if (last !== 0 && last < TAG)
      this.fail(
        `the last STREAM chunk is ${last} bytes, shorter than its 16-byte tag: the file ends early (truncated)`,
        total,
      );
    if (last === TAG && chunks > TAG)
      this.fail(
        "the last STREAM chunk is empty, which age only writes for an empty file: the file ends at a chunk boundary (truncated)",
        total,
      );
  }
}
