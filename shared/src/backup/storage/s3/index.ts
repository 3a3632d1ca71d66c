import type { Readable } from "node:stream";
import type { HeadObjectCommandOutput } from "@aws-sdk/client-s3";
import { ExternalServiceError, InputError } from "../../../errors.js";
import type { StoredChecksum, StoredObject } from "../../types.js";
import type { ObjectStore, StorageBackend } from "../types.js";

/** `s3://bucket/prefix` → bucket and prefix (without a leading `/`; a folder prefix keeps its `/`). */
export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!m?.[1]) {
    throw new InputError(`${location} is not an S3 location`, { hint: "write it as s3://bucket/prefix/" });
  }
  return { bucket: m[1], prefix: m[2] ?? "" };
}

/** The checksums a HEAD (with `x-amz-checksum-mode: ENABLED`) reports; a `-N` suffix marks a multipart composite. */
export function storedChecksums(head: HeadObjectCommandOutput): StoredChecksum[] {
  const out: StoredChecksum[] = [];
  const add = (algorithm: StoredChecksum["algorithm"], raw: string | undefined) => {
    if (!raw) return;
    const m = /^(.*)-(\d+)$/.exec(raw);
    const composite = head.ChecksumType === "COMPOSITE" || m !== null;
    out.push({
      algorithm,
      value: m ? m[1]! : raw,
      ...(composite ? { composite: { parts: m ? Number(m[2]) : (head.PartsCount ?? 0) } } : {}),
    });
  };
  add("sha256", head.ChecksumSHA256);
  add("sha1", head.ChecksumSHA1);
  add("crc32", head.ChecksumCRC32);
  add("crc32c", head.ChecksumCRC32C);
  add("crc64nvme", head.ChecksumCRC64NVME);
  return out;
}

/** The AWS SDK, imported when an S3 location is verified: it is a fifth of the CLI's code and slow to load. */
type S3Sdk = typeof import("@aws-sdk/client-s3");

function translate(sdk: S3Sdk, err: unknown, what: string): never {
  if (err instanceof sdk.S3ServiceException) {
    const status = err.$metadata.httpStatusCode;
    if (err.name === "NoSuchBucket" || status === 404) {
      throw new InputError(`${what}: ${err.name} (${err.message})`, { hint: "check the bucket name and the endpoint" });
    }
    if (status === 403 || err.name === "AccessDenied" || err.name === "InvalidAccessKeyId") {
      throw new InputError(`${what}: access denied (${err.name})`, {
        hint: "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for a principal with s3:ListBucket and s3:GetObject",
      });
    }
    throw new ExternalServiceError("S3", `${what}: ${err.name}: ${err.message}`, { ...(status ? { status } : {}) });
  }
  throw new ExternalServiceError("S3", `${what}: ${err instanceof Error ? err.message : String(err)}`, {
    hint: "check the endpoint (AWS_ENDPOINT_URL_S3) and the network",
  });
}

/**
 * S3 and S3-compatible stores through @aws-sdk/client-s3: one ListObjectsV2 per 1,000 keys, one HEAD
 * per backup (stored checksums with checksum mode, server-side encryption), streaming GETs only for
 * what must be read. Credentials and region come from the SDK's usual environment variables.
 */
export const s3Backend: StorageBackend = {
  id: "s3",
  description:
    "S3 and S3-compatible stores (s3://bucket/prefix): stored checksums by HEAD, streaming download-and-hash",
  claims: (location) => location.startsWith("s3://"),
  async connect(set, ports) {
    const { bucket, prefix } = parseS3Location(set.location);
    const env = ports.env ?? {};
    const endpoint = set.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    let requests = 0;
    let bytesDownloaded = 0;
    const sdk = await import("@aws-sdk/client-s3");
    const client = new sdk.S3Client({
      region: set.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: set.forcePathStyle ?? endpoint !== undefined,
      ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            credentials: {
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
              ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
            },
          }
        : {}),
      // verify what the store returns on GET against its own checksum when it has one
      responseChecksumValidation: "WHEN_REQUIRED",
      requestChecksumCalculation: "WHEN_REQUIRED",
      maxAttempts: 3,
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        return next(args);
      },
      { step: "finalizeRequest", name: "upkeepRequestCounter" },
    );
    const display = (key: string) => `s3://${bucket}/${prefix}${key}`;
    const store: ObjectStore = {
      kind: "objects",
      location: set.location,
      async list() {
        const out: StoredObject[] = [];
        let token: string | undefined;
        do {
          const page = await client
            .send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
            .catch((err: unknown) => translate(sdk, err, `listing ${set.location}`));
          for (const o of page.Contents ?? []) {
            if (!o.Key || o.Key.endsWith("/")) continue;
            const key = o.Key.slice(prefix.length);
            out.push({ key, display: display(key), size: o.Size ?? 0, modified: o.LastModified ?? new Date(0) });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return out;
      },
      isCandidate: () => true,
      async describe(object) {
        const head = await client
          .send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: prefix + object.key, ChecksumMode: "ENABLED" }))
          .catch((err: unknown) => translate(sdk, err, `HEAD ${object.display}`));
        const stored = storedChecksums(head);
        return {
          ...object,
          ...(stored.length ? { stored } : {}),
          ...(head.ServerSideEncryption ? { serverSideEncryption: head.ServerSideEncryption } : {}),
        };
      },
      async parts(object) {
        const out: { size: number; sha256?: string }[] = [];
        let marker: string | undefined;
        do {
          const r = await client
            .send(
              new sdk.GetObjectAttributesCommand({
                Bucket: bucket,
                Key: prefix + object.key,
                ObjectAttributes: ["ObjectParts", "Checksum"],
                MaxParts: 1000,
                ...(marker ? { PartNumberMarker: marker } : {}),
              }),
            )
            .catch((err: unknown) => translate(sdk, err, `GetObjectAttributes ${object.display}`));
          const p = r.ObjectParts;
          if (!p?.Parts?.length) return undefined;
          for (const part of p.Parts)
            out.push({ size: part.Size ?? 0, ...(part.ChecksumSHA256 ? { sha256: part.ChecksumSHA256 } : {}) });
          marker = p.IsTruncated ? p.NextPartNumberMarker : undefined;
        } while (marker);
        return out;
      },
      read(object, range) {
        async function* body(): AsyncIterable<Uint8Array> {
          const r =
            range && (range.start !== undefined || range.end !== undefined)
              ? `bytes=${range.start ?? 0}-${range.end ?? ""}`
              : undefined;
          const res = await client
            .send(new sdk.GetObjectCommand({ Bucket: bucket, Key: prefix + object.key, ...(r ? { Range: r } : {}) }))
            .catch((err: unknown) => translate(sdk, err, `GET ${object.display}`));
          const stream = res.Body as Readable | undefined;
          if (!stream) return;
          for await (const chunk of stream as AsyncIterable<Uint8Array>) {
            bytesDownloaded += chunk.length;
            yield chunk;
          }
        }
        return body();
      },
      async readText(key) {
        let text = "";
        const decoder = new TextDecoder();
        for await (const c of store.read({ key, display: display(key), size: 0, modified: new Date(0) })) {
          text += decoder.decode(c, { stream: true });
        }
        return text + decoder.decode();
      },
      stats: () => ({ requests, bytesDownloaded }),
    };
    return store;
  },
};
