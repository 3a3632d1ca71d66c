/**
 * OpenSSL `enc` output checked without the key: `Salted__`, the 8-byte salt and some ciphertext. `enc`
 * has no integrity tag and its cipher is not recorded, so a flipped byte or a cut at a block boundary
 * cannot be seen from the file; the length is not checked either (stream modes such as -aes-256-ctr
 * write any length).
 */

import { ReadabilityProblem } from "../readers/types.js";

export class OpenSslWalker {
  private bytes = 0;
  update(chunk: Uint8Array): void {
    this.bytes += chunk.length;
  }
  end(): void {
    if (this.bytes < 16)
      throw new ReadabilityProblem(
        `openssl: the file is ${this.bytes} bytes and ends inside the Salted__ header and its 8-byte salt: it is truncated`,
        this.bytes,
      );
    if (this.bytes === 16)
      throw new ReadabilityProblem("openssl: the file ends after its salt, with no ciphertext: it is truncated", 16);
  }
}
