/**
 * Artifact readers (design §3: one folder per reader, one registry, one contract test). A reader
 * recognises a format from the first bytes and either decodes it (gzip, zstd, xz: the decoded bytes
 * go on to the next reader, so `.tar.zst` is zstd then tar) or validates a container to its end
 * (tar, zip). Readers see every byte once, in the same pass that hashes it.
 */

/** What an archive reader found when the container was valid to its end. */
export interface ArchiveStats {
  entries: number;
  /** Uncompressed bytes of all entries. */
  bytes: number;
}

/**
 * A format problem found while reading: what the tool would say, and the offset (bytes into this
 * reader's input) where reading stopped.
 */
export class ReadabilityProblem extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = "ReadabilityProblem";
    this.offset = offset;
  }
}

interface ReaderBase {
  /** Kebab-case id, the folder name. */
  id: string;
  /** One line for the docs. */
  description: string;
  /** How many leading bytes {@link detect} needs at most. */
  headBytes: number;
  /** Whether the stream is this format, from its first bytes (at most headBytes; fewer when short). */
  detect(head: Uint8Array): boolean;
}

/** A compression format: decodes its input and yields the decoded bytes. */
export interface DecoderReader extends ReaderBase {
  kind: "decoder";
  /**
   * Decodes the input; the returned iterable throws (any error) when the data is corrupt or ends
   * early. The caller adds offsets.
   */
  decode(input: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /**
   * Installed programs that test this format from stdin faster than {@link decode}, tried in order when
   * the decoded bytes go to no further reader (`../one-pass.ts`); the in-process decoder when none runs.
   */
  tools?: readonly DecoderTool[];
}

/** A program that reads a compressed stream on stdin, checks all of it, writes nothing and exits 0 when valid. */
export interface DecoderTool {
  command: readonly string[];
  /** A command whose stdout must match `pattern` for {@link command} to handle this format (a build option). */
  requires?: { command: readonly string[]; pattern: RegExp };
  /** Turns the program's stderr into the problem's message. */
  explain(stderr: string): string;
}

/** A container format: reads its input to the end and checks every entry. */
export interface ArchiveReader extends ReaderBase {
  kind: "archive";
  /** Reads the container to its end; throws when it is corrupt or ends early. */
  validate(input: AsyncIterable<Uint8Array>): Promise<ArchiveStats>;
}

/** Any artifact reader (registered in registry.ts under its id). */
export type ArtifactReader = DecoderReader | ArchiveReader;

/**
 * Size of the chunks decoders hand on (1 MiB). zlib's default (16 KiB) makes 64× more trips through the
 * async iterators of the reader chain, which cost more than the decompression itself on large backups.
 */
export const DECODED_CHUNK = 1024 * 1024;
