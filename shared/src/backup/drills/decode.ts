import { sniff } from "../one-pass.js";
import { detectReader, MAX_HEAD_BYTES } from "../readers/registry.js";

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
    const { head, rest } = await sniff(current, MAX_HEAD_BYTES);
    const reader = detectReader(head);
    if (reader?.kind !== "decoder") return { head, stream: rest, layers };
    layers.push(reader.id);
    current = reader.decode(rest);
  }
}
