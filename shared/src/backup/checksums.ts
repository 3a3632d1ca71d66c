/**
 * Checksum files: sidecars (`backup.tar.gz.sha256` holding `<hex>  backup.tar.gz` or just `<hex>`) and
 * manifests in the two formats coreutils writes: GNU (`<hex>  name`, `<hex> *name` for binary mode,
 * a leading `\` when the name is escaped) and BSD / `--tag` (`SHA256 (name) = <hex>`).
 *
 * Hand-written because no maintained npm package parses coreutils checksum files; the format is
 * the one `sha256sum --check` reads (coreutils `digest.c`).
 */

import { InputError } from "../errors.js";
import type { HashAlgorithm } from "./types.js";

/** One expected checksum: which file, which algorithm, the lowercase hex digest, and where it came from. */
export interface ExpectedChecksum {
  algorithm: HashAlgorithm;
  hex: string;
  /** The checksum file and 1-based line it came from. */
  source: { file: string; line: number };
}

const HEX_LENGTH: Record<number, HashAlgorithm> = { 32: "md5", 40: "sha1", 64: "sha256", 128: "sha512" };
const BSD_NAMES: Record<string, HashAlgorithm> = { MD5: "md5", SHA1: "sha1", SHA256: "sha256", SHA512: "sha512" };

function unescapeGnu(name: string): string {
  return name.replace(/\\(\\|n|r)/g, (_m, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : "\\"));
}

/** Algorithm named by a sidecar's extension (`.sha256` → sha256), or undefined. */
export function algorithmOfSuffix(key: string): HashAlgorithm | undefined {
  const m = /\.(sha256|sha512|sha1|md5)$/i.exec(key);
  return m ? (m[1]!.toLowerCase() as HashAlgorithm) : undefined;
}

/**
 * Parses a checksum file into a map from file name (as written, without `./`) to expected checksum.
 * `hint` is the algorithm a sidecar's extension names (a GNU line carries none; the hex length must
 * agree with it). Blank lines and `#` comments are skipped. Throws InputError naming the file and
 * line on a line that is neither format, or whose digest length does not fit its algorithm.
 */
export function parseChecksumFile(text: string, file: string, hint?: HashAlgorithm): Map<string, ExpectedChecksum> {
  const out = new Map<string, ExpectedChecksum>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const where = { file, line: i + 1 };
    const bsd = /^(MD5|SHA1|SHA256|SHA512) ?\((.*)\) ?= ?([0-9a-fA-F]+)$/.exec(line);
    let name: string;
    let hex: string;
    let algorithm: HashAlgorithm | undefined;
    if (bsd) {
      algorithm = BSD_NAMES[bsd[1]!];
      name = bsd[2]!;
      hex = bsd[3]!.toLowerCase();
    } else {
      const gnu = /^(\\?)([0-9a-fA-F]+)(?: [ *](.*))?$/.exec(line);
      if (!gnu) {
        throw new InputError(`not a checksum line: ${JSON.stringify(raw.slice(0, 80))}`, {
          location: where,
          hint: "write it as sha256sum does (`<hex>  <file>`) or with --tag (`SHA256 (<file>) = <hex>`)",
        });
      }
      hex = gnu[2]!.toLowerCase();
      name = gnu[3] === undefined ? "" : gnu[1] ? unescapeGnu(gnu[3]) : gnu[3];
      algorithm = HEX_LENGTH[hex.length];
    }
    if (!algorithm || (hint && !bsd && HEX_LENGTH[hex.length] !== hint)) {
      throw new InputError(
        `a ${hex.length}-digit digest is not ${hint ?? "an MD5, SHA-1, SHA-256 or SHA-512"} digest${name ? ` (for ${name})` : ""}`,
        { location: where, hint: `regenerate the file with ${hint ?? "sha256"}sum` },
      );
    }
    if (bsd && HEX_LENGTH[hex.length] !== algorithm) {
      throw new InputError(`a ${hex.length}-digit digest cannot be ${bsd[1]}`, {
        location: where,
        hint: "regenerate the file with shasum --tag or sha256sum --tag",
      });
    }
    out.set(name.replace(/^\.\//, ""), { algorithm, hex, source: where });
  }
  return out;
}
