/**
 * The message of a decompressor that tested stdin (`zstd -t`, `xz -t`): its stderr without the program's
 * name and the stdin placeholder, zlib's error codes named, and which command said it.
 */
export function toolMessage(stderr: string, command: string): string {
  const lines = stderr
    .split("\n")
    .map((l) =>
      l
        .trim()
        .replace(/^(zstd|xz|gzip):\s*/, "")
        .replace(/^(\/\*stdin\*\\|\(stdin\)|stdin)\s*:\s*/, "")
        .trim(),
    )
    .filter(Boolean);
  const message = (lines.join("; ") || "exited with an error and printed nothing").replace(
    /inflate error -3\b/,
    "inflate error -3 (zlib Z_DATA_ERROR: corrupt deflate data, or a CRC-32 or length trailer that does not match)",
  );
  return `${message} (${command})`;
}
