import { detectReader, MAX_HEAD_BYTES } from "../readers/registry.js";

async function sniff(input: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const it = input[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < MAX_HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    have += r.value.length;
  }
  const head = Buffer.concat(seen).subarray(0, MAX_HEAD_BYTES);
  async function* rest(): AsyncIterable<Uint8Array> {
    yield* seen;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head: new Uint8Array(head), rest: rest() };
}

/**
 * Strips compression layers (gzip, zstd, xz) the first bytes show, so a drill sees the dump or
 * archive inside `db.sqlite.gz` or `site.tar.zst`. Returns the decoded stream and its first bytes.
 */
export async function decompressed(
  source: AsyncIterable<Uint8Array>,
): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array>; layers: string[] }> {
  const layers: string[] = [];
  let current = source;
  for (;;) {
    const { head, rest } = await sniff(current);
    const reader = detectReader(head);
    if (reader?.kind !== "decoder") return { head, stream: rest, layers };
    layers.push(reader.id);
    current = reader.decode(rest);
  }
}
