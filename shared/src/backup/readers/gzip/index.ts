import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { toolMessage } from "../tools.js";
import { DECODED_CHUNK, type DecoderReader } from "../types.js";

/** gzip (RFC 1952) through zlib: every member inflated, each CRC-32 and length trailer checked. */
export const gzipReader: DecoderReader = {
  id: "gzip",
  description: "gzip (.gz, .tgz): inflates every member and checks its CRC-32 and length trailer",
  kind: "decoder",
  headBytes: 3,
  detect: (head) => head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08,
  decode(input) {
    // zlib works on the libuv thread pool, so inflating overlaps with hashing on the main thread.
    // pipeline, not pipe: an error of the input (a decrypting layer before this one) must reach the reader
    return pipeline(Readable.from(input, { objectMode: false }), createGunzip({ chunkSize: DECODED_CHUNK }), () => {});
  },
  // zstd built with zlib inflates (and checks each member's CRC-32 and length) at 3x the speed of `gzip -t`
  tools: [
    {
      command: ["zstd", "-t", "-q", "--format=gzip"],
      requires: { command: ["zstd", "-vV"], pattern: /supports:.*\bgzip\b/ },
      explain: (stderr) => toolMessage(stderr, "zstd --format=gzip -t"),
    },
  ],
};
