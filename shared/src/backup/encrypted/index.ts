/**
 * The encrypted formats in the one read of a backup (design: issue 10 §1 "Encryption"). Each is a
 * decoder of the reader chain that one-pass.ts tries before the artifact readers: it walks the
 * format's structure without the key (age: header, stanzas, MAC line, STREAM chunk sizing; OpenPGP:
 * armor with its CRC-24, then the packets from first to last byte; OpenSSL: the salt header) and, when a
 * key for it is configured (`backups.sets[].decryption`), decrypts in the same stream so the plaintext
 * inside (gzip, zstd, tar ...) is tested by the next readers. A wrong key, a flipped byte (the chunk's
 * tag, OpenPGP's MDC or AEAD tag) or a cut the structure cannot show all fail the decryption.
 */

import type * as openpgp from "openpgp";
import { detectEncryption } from "../encryption.js";
import { sniff } from "../one-pass.js";
import type { DecoderReader } from "../readers/types.js";
import { AgeWalker } from "./age.js";
import { decryptAge } from "./age-stream.js";
import { AGE_ARMOR, ArmorDecoder, type ArmorRules, PGP_ARMOR } from "./armor.js";
import { OpenPgpWalker } from "./openpgp.js";
import { OpenSslWalker } from "./openssl.js";

/** Keys a set may configure; loaded by {@link ./keys.ts}. */
export interface DecryptionKeys {
  /** age identities (`AGE-SECRET-KEY-1…` lines of an identity file). */
  ageIdentities: string[];
  /** A passphrase: age scrypt recipients, OpenPGP symmetric messages (`gpg -c`). */
  passphrase?: string;
  /** OpenPGP secret keys, already unlocked. */
  openpgpKeys: openpgp.PrivateKey[];
}

interface Walker {
  update(chunk: Uint8Array): void;
  end(): void;
}

const ascii = (s: string) => new TextEncoder().encode(s);
const startsWith = (head: Uint8Array, text: string) => Buffer.from(head.subarray(0, text.length)).equals(ascii(text));

/**
 * The bytes of `input` after any armor, each passed through `walker` first; the walker's end (and the
 * armor's) is checked when the input ends.
 */
async function* walked(
  input: AsyncIterable<Uint8Array>,
  walker: Walker,
  armor: ArmorRules | undefined,
): AsyncIterable<Uint8Array> {
  const dearmor = armor ? new ArmorDecoder(armor) : undefined;
  for await (const chunk of input) {
    const bytes = dearmor ? dearmor.update(chunk) : chunk;
    if (bytes.length > 0) {
      walker.update(bytes);
      yield bytes;
    }
  }
  if (dearmor) {
    const last = dearmor.end();
    if (last.length > 0) {
      walker.update(last);
      yield last;
    }
  }
  walker.end();
}

/**
 * Decrypts with `decrypt` while the walker checks the same bytes, then reads the rest of the input
 * through the walker (a decrypter may stop early), so the structure is checked to the last byte.
 */
async function* decrypting(
  bytes: AsyncIterable<Uint8Array>,
  decrypt: (ciphertext: ReadableStream<Uint8Array>) => Promise<AsyncIterable<Uint8Array>>,
): AsyncIterable<Uint8Array> {
  const it = bytes[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
    },
    { highWaterMark: 0 },
  );
  for await (const plain of await decrypt(stream)) yield plain;
  for (;;) if ((await it.next()).done) break;
}

// biome-ignore lint/correctness/useYield: without a key the layer's output is empty, but it must still read (and walk) every byte
async function* drain(bytes: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  for await (const _ of bytes) {
    // the walker checks every byte; without a key there is no plaintext to hand on
  }
}

type Decrypt = (ciphertext: ReadableStream<Uint8Array>) => Promise<AsyncIterable<Uint8Array>>;

/**
 * A layer of the reader chain: `walker` checks every byte (after the armor, when there is one) and,
 * when `decrypt` is given (a key for the format is configured), the plaintext is handed on.
 */
function layer(
  id: string,
  description: string,
  walker: () => Walker,
  armor: ArmorRules | undefined,
  decrypt: Decrypt | undefined,
): DecoderReader {
  return {
    id,
    description,
    kind: "decoder",
    headBytes: 34,
    detect: () => true,
    decode(input) {
      const bytes = walked(input, walker(), armor);
      return decrypt ? decrypting(bytes, decrypt) : drain(bytes);
    },
  };
}

function ageDecrypt(keys: DecryptionKeys | undefined): Decrypt | undefined {
  if (!keys || (keys.ageIdentities.length === 0 && keys.passphrase === undefined)) return undefined;
  return async (stream) => {
    // age and OpenPGP are imported when a backup is decrypted, not by every run (docs/design.md, start-up).
    const { Decrypter } = await import("age-encryption");
    const d = new Decrypter();
    for (const id of keys.ageIdentities) d.addIdentity(id);
    if (keys.passphrase !== undefined) d.addPassphrase(keys.passphrase);
    return decryptAge(stream, d);
  };
}

function openpgpDecrypt(keys: DecryptionKeys | undefined): Decrypt | undefined {
  if (!keys || (keys.openpgpKeys.length === 0 && keys.passphrase === undefined)) return undefined;
  return async (stream) => {
    const pgp = await import("openpgp");
    const message = await pgp.readMessage({ binaryMessage: stream });
    // openpgp.js tries only the passwords when both are given: the keys for a public-key message
    const byKey = keys.openpgpKeys.length > 0 && message.getEncryptionKeyIDs().length > 0;
    const { data } = await pgp.decrypt({
      message,
      format: "binary",
      ...(byKey ? { decryptionKeys: keys.openpgpKeys } : {}),
      ...(!byKey && keys.passphrase !== undefined ? { passwords: [keys.passphrase] } : {}),
      // hand the plaintext on as it is decrypted (a backup does not fit in memory); the MDC or AEAD
      // tag is still checked at the end and fails the stream
      config: { allowUnauthenticatedStream: true },
    });
    return data as unknown as AsyncIterable<Uint8Array>;
  };
}

/** Each encrypted format: what it checks, its structure walker, its armor, its decryption. */
const FORMATS: Record<
  "age" | "openpgp" | "openssl",
  {
    description: string;
    walker: () => Walker;
    armor?: ArmorRules;
    decrypt: (keys: DecryptionKeys | undefined) => Decrypt | undefined;
  }
> = {
  age: {
    description:
      "age v1: header, stanzas, MAC line and chunk sizing; decrypted with a configured identity or passphrase",
    walker: () => new AgeWalker(),
    armor: AGE_ARMOR,
    decrypt: ageDecrypt,
  },
  openpgp: {
    description:
      "OpenPGP: armor CRC-24 and packet framing to the last byte; decrypted with a configured key or passphrase",
    walker: () => new OpenPgpWalker(),
    armor: PGP_ARMOR,
    decrypt: openpgpDecrypt,
  },
  openssl: {
    description: "OpenSSL enc (Salted__): the salt header and some ciphertext (enc has no integrity tag)",
    walker: () => new OpenSslWalker(),
    decrypt: () => undefined,
  },
};

/**
 * The hook of the one read (`OnePassOptions.outer`) and of the drills' decoder: for the first bytes of a
 * stream, the encrypted format's layer, or undefined for anything else.
 */
export function encryptedLayer(keys?: DecryptionKeys): (head: Uint8Array) => DecoderReader | undefined {
  return (head) => {
    const kind = detectEncryption(head);
    const format = kind && kind !== "sse" ? FORMATS[kind] : undefined;
    if (!kind || !format) return undefined;
    const armor = startsWith(head, "-----BEGIN") ? format.armor : undefined;
    return layer(kind, format.description, format.walker, armor, format.decrypt(keys));
  };
}

/**
 * The plaintext of a backup for a restore drill: decrypted with `keys` when its first bytes show an
 * encrypted format they can open, else the bytes as they are.
 */
export async function* decrypted(source: AsyncIterable<Uint8Array>, keys: DecryptionKeys): AsyncIterable<Uint8Array> {
  const { head, rest } = await sniff(source, 64);
  const layer = encryptedLayer(keys)(head);
  yield* layer ? layer.decode(rest) : rest;
}
