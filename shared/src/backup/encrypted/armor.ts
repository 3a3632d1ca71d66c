/**
 * Streaming ASCII armor (RFC 7468 style, as age and OpenPGP write it): checks the BEGIN and END lines,
 * the base64 body line by line, and OpenPGP's optional CRC-24 line, and hands on the decoded bytes.
 * Errors name the byte offset of the offending line in the file.
 */

import { ReadabilityProblem } from "../readers/types.js";

const B64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_LINE = 4096;

/** CRC-24 of RFC 9580 §6.1 (the armor checksum). */
function crc24(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (const b of bytes) {
    c ^= b << 16;
    for (let i = 0; i < 8; i++) {
      c <<= 1;
      if (c & 0x1000000) c ^= 0x1864cfb;
    }
  }
  return c & 0xffffff;
}

/** How strict the armor of a format is. */
export interface ArmorRules {
  /** What the messages call it, e.g. `age armor`. */
  name: string;
  label: string;
  /** Header lines (`Key: value`) and a blank line may follow BEGIN (OpenPGP). */
  headers: boolean;
  /** Every body line but the last is exactly 64 columns (age: strict RFC 7468). */
  strictColumns: boolean;
  /** A `=XXXX` CRC-24 line may precede END (OpenPGP). */
  crc: boolean;
}

export const AGE_ARMOR: ArmorRules = {
  name: "age armor",
  label: "AGE ENCRYPTED FILE",
  headers: false,
  strictColumns: true,
  crc: false,
};
export const PGP_ARMOR: ArmorRules = {
  name: "OpenPGP armor",
  label: "PGP MESSAGE",
  headers: true,
  strictColumns: false,
  crc: true,
};

type State = "begin" | "headers" | "body" | "end" | "done";

/** Decodes armored text chunk by chunk: `update` returns the bytes decoded so far, `end` checks completeness. */
export class ArmorDecoder {
  private state: State = "begin";
  private line: number[] = [];
  private offset = 0;
  private lineStart = 0;
  private pending = "";
  private shortLineSeen = false;
  private crc = 0xb704ce;
  private crcLine: string | undefined;
  private decoded = 0;

  constructor(private readonly rules: ArmorRules) {}

  private fail(message: string): never {
    throw new ReadabilityProblem(`${this.rules.name}: ${message}`, this.lineStart);
  }

  update(chunk: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a) {
        const bytes = this.onLine(String.fromCharCode(...this.line).replace(/\r$/, ""));
        if (bytes) out.push(bytes);
        this.line = [];
        this.lineStart = this.offset + i + 1;
      } else {
        if (this.line.length >= MAX_LINE) this.fail(`a line longer than ${MAX_LINE} bytes: this is not armored text`);
        this.line.push(b);
      }
    }
    this.offset += chunk.length;
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** Ends the input; throws when the armor is incomplete. Returns the last decoded bytes. */
  end(): Uint8Array {
    let last: Uint8Array = new Uint8Array(0);
    if (this.line.length > 0) last = this.onLine(String.fromCharCode(...this.line).replace(/\r$/, "")) ?? last;
    if (this.state !== "done") {
      this.lineStart = this.offset;
      this.fail(
        `the text ends at byte ${this.offset} before its -----END ${this.rules.label}----- line: it is truncated`,
      );
    }
    return last;
  }

  private onLine(line: string): Uint8Array | undefined {
    switch (this.state) {
      case "begin":
        if (line.trim() === "") return undefined;
        if (line !== `-----BEGIN ${this.rules.label}-----`)
          this.fail(`expected -----BEGIN ${this.rules.label}-----, found ${JSON.stringify(line.slice(0, 60))}`);
        this.state = this.rules.headers ? "headers" : "body";
        return undefined;
      case "headers":
        if (line === "") {
          this.state = "body";
          return undefined;
        }
        if (/^[\x21-\x39\x3b-\x7e]+: /.test(line)) return undefined;
        this.state = "body";
        return this.onLine(line);
      case "body":
        return this.bodyLine(line);
      case "end":
        if (line !== `-----END ${this.rules.label}-----`)
          this.fail(`expected -----END ${this.rules.label}----- after the checksum line`);
        this.finish();
        return undefined;
      case "done":
        if (line.trim() !== "") this.fail(`data after the -----END ${this.rules.label}----- line`);
        return undefined;
    }
  }

  private bodyLine(line: string): Uint8Array | undefined {
    if (line === `-----END ${this.rules.label}-----`) {
      const bytes = this.flush(true);
      this.finish();
      return bytes;
    }
    if (this.rules.crc && /^=[A-Za-z0-9+/]{4}$/.test(line)) {
      this.crcLine = line.slice(1);
      this.state = "end";
      return this.flush(true);
    }
    if (!B64_LINE.test(line)) this.fail(`a body line is not base64: ${JSON.stringify(line.slice(0, 60))}`);
    if (this.pending.includes("=")) this.fail("base64 continues after its padding");
    if (this.rules.strictColumns) {
      if (this.shortLineSeen) this.fail("a body line follows a short one (lines are 64 columns but the last)");
      if (line.length > 64) this.fail(`a body line has ${line.length} columns, more than 64`);
      if (line.length < 64) this.shortLineSeen = true;
    }
    this.pending += line;
    return this.flush(false);
  }

  private flush(final: boolean): Uint8Array {
    const whole = final ? this.pending.length : this.pending.length - (this.pending.length % 4);
    if (final && whole % 4 !== 0) this.fail("the base64 body is not a whole number of 4-character groups: it is cut");
    const text = this.pending.slice(0, whole);
    this.pending = this.pending.slice(whole);
    const bytes = new Uint8Array(Buffer.from(text, "base64"));
    if (this.rules.crc) this.crc = crc24(this.crc, bytes);
    this.decoded += bytes.length;
    return bytes;
  }

  private finish(): void {
    if (this.crcLine !== undefined) {
      const want = Buffer.from(this.crcLine, "base64").readUIntBE(0, 3);
      if (want !== this.crc)
        this.fail(
          `the CRC-24 checksum line says ${want.toString(16).padStart(6, "0")}, the ${this.decoded} decoded bytes give ${this.crc.toString(16).padStart(6, "0")}: the text was altered`,
        );
    }
    this.state = "done";
  }
}
