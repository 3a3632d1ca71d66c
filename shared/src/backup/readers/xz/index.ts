import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import xzDecompress from "xz-decompress";
import { toolMessage } from "../tools.js";
import type { DecoderReader } from "../types.js";

// xz-embedded's xz_ret codes, which xz-decompress reports as "error code N".
const XZ_ERRORS: Record<string, string> = {
  "2": "unsupported integrity check",
  "3": "out of memory",
  "4": "memory limit reached",
  "5": "not an xz stream (bad header)",
  "6": "unsupported xz options",
  "7": "compressed data is corrupt",
  "8": "unexpected end of input (the file is truncated)",
};

async function* explained(decoded: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  try {
    for await (const c of decoded) yield c;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const code = /error code (\d+)/.exec(msg)?.[1];
    throw new Error(code && XZ_ERRORS[code] ? `${XZ_ERRORS[code]} (xz error ${code})` : msg);
  }
}

/** xz: every block decoded by xz-embedded (WebAssembly, xz-decompress), integrity checks included. */
export const xzReader: DecoderReader = {
  id: "xz",
  description: "xz (.xz, .txz): decodes every block with xz-embedded (WebAssembly) and checks its integrity check",
  kind: "decoder",
  headBytes: 6,
  detect: (head) =>
    head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0,
  decode(input) {
    // pulled one chunk at a time and cancelled through the iterator: Readable.toWeb's adapter throws an
    // uncaught "Controller is already closed" when the decoder stops early (the probe in one-pass.ts)
    const it = input[Symbol.asyncIterator]();
    const web = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      async cancel() {
        await it.return?.();
      },
    });
    const decoded = new xzDecompress.XzReadableStream(web) as unknown as WebReadableStream<Uint8Array>;
    return explained(Readable.fromWeb(decoded));
  },
  tools: [{ command: ["xz", "-t"], explain: (stderr) => toolMessage(stderr, "xz -t") }],
};
