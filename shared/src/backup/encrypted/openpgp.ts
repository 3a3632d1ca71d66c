/**
 * An OpenPGP encrypted message (RFC 9580 §10.3) checked without the key: its packets walked from the
 * first byte to the last by their headers (new and old format, partial body lengths), so a file cut
 * inside a packet, a damaged length and packets that do not make one encrypted message (session-key
 * packets, then one encrypted data packet) are caught. A flipped ciphertext byte needs the key (MDC or
 * AEAD tag), see {@link ./index.ts}.
 */

import { ReadabilityProblem } from "../readers/types.js";

const NAMES: Record<number, string> = {
  1: "public-key encrypted session key",
  3: "symmetric-key encrypted session key",
  9: "symmetrically encrypted data",
  10: "marker",
  18: "symmetrically encrypted integrity protected data",
  20: "AEAD encrypted data",
  21: "padding",
};
const SESSION_KEY = new Set([1, 3]);
const DATA = new Set([9, 18, 20]);
/** Packets that may carry partial body lengths (RFC 9580 §4.2.1.4). */
const PARTIAL_OK = new Set([8, 9, 11, 18, 20]);

const name = (tag: number) => `${NAMES[tag] ?? "unexpected"} packet (tag ${tag})`;

export class OpenPgpWalker {
  private offset = 0;
  /** Bytes of the header being read. */
  private head: number[] = [];
  /** Body bytes still to skip in the current packet or part. */
  private remaining = 0;
  /** The current packet: its tag, start, declared length (-1: to the end of the file). */
  private packet: { tag: number; start: number; length: number; partial: boolean } | undefined;
  private readingPartLength = false;
  private sessionKeys = 0;
  private data = false;

  private fail(message: string, offset: number): never {
    throw new ReadabilityProblem(`OpenPGP: ${message}`, offset);
  }

  update(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.packet && this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        this.offset += take;
        if (this.remaining === 0 && this.packet.partial) this.readingPartLength = true;
        else if (this.remaining === 0) this.packet = undefined;
        continue;
      }
      if (this.packet && this.packet.length === -1) {
        // old-format indeterminate length: the packet runs to the end of the file
        this.offset += chunk.length - i;
        return;
      }
      this.head.push(chunk[i]!);
      i++;
      this.offset++;
      if (this.readingPartLength) this.partLength();
      else this.header();
    }
  }

  /** Next body length of a packet with partial lengths. */
  private partLength(): void {
    const h = this.head;
    const o1 = h[0]!;
    if (o1 >= 224 && o1 < 255) {
      this.remaining = 1 << (o1 & 0x1f);
    } else {
      const len = this.newLength(h, 0);
      if (len === undefined) return;
      this.remaining = len;
      this.packet!.partial = false;
    }
    this.head = [];
    this.readingPartLength = false;
    if (this.remaining === 0) this.packet = undefined;
  }

  /** A new-format length at h[at]; undefined while more bytes are needed. */
  private newLength(h: number[], at: number): number | undefined {
    const o1 = h[at]!;
    if (o1 < 192) return o1;
    if (o1 < 224) return h.length < at + 2 ? undefined : ((o1 - 192) << 8) + h[at + 1]! + 192;
    if (o1 === 255) return h.length < at + 5 ? undefined : Buffer.from(h.slice(at + 1, at + 5)).readUInt32BE(0);
    return -2; // partial
  }

  private header(): void {
    const h = this.head;
    const start = this.offset - h.length;
    const b0 = h[0]!;
    if ((b0 & 0x80) === 0)
      this.fail(
        `byte ${start} should start a packet but is 0x${b0.toString(16).padStart(2, "0")}: the framing is damaged`,
        start,
      );
    let tag: number;
    let length: number;
    let partial = false;
    if (b0 & 0x40) {
      tag = b0 & 0x3f;
      if (h.length < 2) return;
      const len = this.newLength(h, 1);
      if (len === undefined) return;
      if (len === -2) {
        if (!PARTIAL_OK.has(tag)) this.fail(`a ${name(tag)} at byte ${start} has a partial body length`, start);
        length = 1 << (h[1]! & 0x1f);
        partial = true;
      } else length = len;
    } else {
      tag = (b0 >> 2) & 0x0f;
      const type = b0 & 3;
      const n = [1, 2, 4, 0][type]!;
      if (h.length < 1 + n) return;
      length = type === 3 ? -1 : Buffer.from(h.slice(1, 1 + n)).readUIntBE(0, n);
    }
    this.head = [];
    this.sequence(tag, start);
    this.packet = { tag, start, length, partial };
    this.remaining = Math.max(length, 0);
    if (length === 0 && !partial) this.packet = undefined;
  }

  private sequence(tag: number, start: number): void {
    if (tag === 10 || tag === 21) return;
    if (this.data)
      this.fail(`a ${name(tag)} at byte ${start} follows the encrypted data: this is not one encrypted message`, start);
    if (SESSION_KEY.has(tag)) this.sessionKeys++;
    else if (DATA.has(tag)) this.data = true;
    else
      this.fail(
        `a ${name(tag)} at byte ${start}: an encrypted message holds session-key packets and encrypted data only`,
        start,
      );
  }

  /** Ends the input: the last packet complete, and the encrypted data present. */
  end(): void {
    const p = this.packet;
    if (this.head.length > 0 || this.readingPartLength)
      this.fail(`the file ends at byte ${this.offset} inside a packet header: it is truncated`, this.offset);
    if (p && p.length !== -1 && this.remaining > 0) {
      const declared = p.partial ? "a partial body part" : `${p.length} bytes`;
      this.fail(
        `the file ends at byte ${this.offset}, ${this.remaining} bytes short of the end of the ${name(p.tag)} that starts at byte ${p.start} (${declared}): it is truncated`,
        this.offset,
      );
    }
    if (!this.data)
      this.fail(
        `the file ends at byte ${this.offset} after ${this.sessionKeys} session-key packet(s), before the encrypted data: it is truncated`,
        this.offset,
      );
  }
}
