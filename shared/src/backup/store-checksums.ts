/**
 * The checksums S3 keeps for an object, computed over downloaded bytes so they can be compared with the
 * store's value: SHA-256 and SHA-1 (node:crypto), CRC-32 (zlib), CRC-32C and CRC-64/NVME (the AWS SDK's
 * own implementations, so the values are byte for byte what S3 reports). CRC-64/NVME is S3's default
 * checksum for uploads since 2025, so most objects carry it even when nobody asked for one.
 */

import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { Crc32c, Crc64Nvme } from "@aws-sdk/checksums/crc";
import type { StoredChecksum } from "./types.js";

/** A running checksum in the store's encoding (base64 of the big-endian digest). */
export interface StoreHasher {
  algorithm: StoredChecksum["algorithm"];
  update(chunk: Uint8Array): void;
  digestBase64(): Promise<string>;
}

/** A hasher for a store algorithm, or undefined for one we cannot compute (MD5 ETags are not checksums here). */
export function storeHasher(algorithm: StoredChecksum["algorithm"]): StoreHasher | undefined {
  switch (algorithm) {
    case "sha256":
    case "sha1": {
      const h = createHash(algorithm);
      return { algorithm, update: (c) => h.update(c), digestBase64: async () => h.digest("base64") };
    }
    case "crc32": {
      let v = 0;
      return {
        algorithm,
        update: (c) => {
          v = crc32(c, v);
        },
        digestBase64: async () => {
          const b = Buffer.alloc(4);
          b.writeUInt32BE(v >>> 0);
          return b.toString("base64");
        },
      };
    }
    case "crc32c":
    case "crc64nvme": {
      const h = algorithm === "crc32c" ? new Crc32c() : new Crc64Nvme();
      return {
        algorithm,
        update: (c) => h.update(c),
        digestBase64: async () => Buffer.from(await h.digest()).toString("base64"),
      };
    }
    default:
      return undefined;
  }
}
