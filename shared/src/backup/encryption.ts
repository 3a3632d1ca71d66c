/**
 * Recognises encrypted artifacts from their first bytes: age (binary and armored), OpenPGP (binary
 * packets that start an encrypted message, and ASCII armor), OpenSSL `enc` (`Salted__`). Store-side
 * encryption (S3 SSE) and repository formats (restic, borg) are judged by their backends.
 */

/** The encryption an artifact shows, or undefined for what looks like plaintext. */
export type EncryptionKind = "age" | "openpgp" | "openssl" | "sse";

const ascii = (s: string) => new TextEncoder().encode(s);
const AGE = ascii("age-encryption.org/v1\n");
const AGE_ARMOR = ascii("-----BEGIN AGE ENCRYPTED FILE-----");
const PGP_ARMOR = ascii("-----BEGIN PGP MESSAGE-----");
const SALTED = ascii("Salted__");

function startsWith(head: Uint8Array, prefix: Uint8Array): boolean {
  if (head.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (head[i] !== prefix[i]) return false;
  return true;
}

/**
 * The OpenPGP packet tag of the first packet (RFC 9580 §4.2): new format `0b11tttttt`, old format
 * `0b10ttttll`. An encrypted message starts with a PKESK (1) or SKESK (3) session-key packet, or
 * directly with encrypted data (SED 9, SEIPD 18, AEAD 20).
 */
function openPgpTag(b0: number | undefined): number | undefined {
  if (b0 === undefined || (b0 & 0x80) === 0) return undefined;
  return b0 & 0x40 ? b0 & 0x3f : (b0 >> 2) & 0x0f;
}

/**
 * Whether the first bytes show an encrypted artifact, and which kind. A compressed or archived
 * plaintext (gzip, tar ...) is undefined.
 */
export function detectEncryption(head: Uint8Array): EncryptionKind | undefined {
  if (startsWith(head, AGE) || startsWith(head, AGE_ARMOR)) return "age";
  if (startsWith(head, PGP_ARMOR)) return "openpgp";
  if (startsWith(head, SALTED)) return "openssl";
  const tag = openPgpTag(head[0]);
  if (tag === 1 || tag === 3) {
    // the session-key packet's version byte follows the length: 3, 4, 5 or 6
    const lengthBytes = head[0]! & 0x40 ? (head[1]! < 192 ? 1 : head[1]! < 224 ? 2 : 5) : [1, 2, 4, 0][head[0]! & 3]!;
    const version = head[1 + lengthBytes];
    if (version !== undefined && version >= 3 && version <= 6) return "openpgp";
  }
  if (tag === 18 || tag === 20) return "openpgp";
  return undefined;
}
