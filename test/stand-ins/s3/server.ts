// A small S3 stand-in for what the real S3-compatible server in the tests (s3rver) does not serve: stored
// object checksums (x-amz-checksum-sha256 with x-amz-checksum-type FULL_OBJECT, or COMPOSITE for multipart
// uploads; returned on HEAD when the request has x-amz-checksum-mode: ENABLED) and
// server-side encryption headers, GetObjectAttributes (the parts of a multipart upload with their checksums)
// and bit rot (a byte flipped on GET). It speaks the REST shapes of ListObjectsV2, HeadObject, GetObject
// (ranges included) and GetObjectAttributes as S3's API reference publishes them, rejects unsigned or
// malformed requests the way S3 does (403 / 400 / 501 with an S3 error document), and logs every request and the bytes it served, so
// tests can count requests per object and bytes downloaded.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How an object was stored. */
export interface StandInObject {
  body: Uint8Array;
  modified: Date;
  /** `full`: a single-part upload with ChecksumAlgorithm SHA256; `composite`: a multipart upload in parts of `partSize`. */
  checksum?: { type: "full"; algorithm?: "sha256" | "crc64nvme" } | { type: "composite"; partSize: number };
  /** `AES256` or `aws:kms`. */
  sse?: string;
  /** Bit rot in storage: GET serves the byte at this offset flipped (stored checksums stay those of `body`). */
  rot?: number;
}

/** One request as the stand-in saw it. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Body bytes sent. */
  bytes: number;
}

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * CRC-64/NVME (poly 0xad93d23594c93659 reflected, init and xorout all ones), bit by bit: deliberately
 * not the SDK's table code that the engine uses, so the stand-in is an independent witness.
 */
export function crc64nvme(b: Uint8Array): string {
  let crc = 0xffffffffffffffffn;
  for (const byte of b) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ 0x9a6c9329ac4bc9b5n : crc >> 1n;
  }
  crc ^= 0xffffffffffffffffn;
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(crc);
  return out.toString("base64");
}

function sha256(b: Uint8Array): Buffer {
  return createHash("sha256").update(b).digest();
}

function partsOf(o: StandInObject): Uint8Array[] {
  if (o.checksum?.type !== "composite") return [o.body];
  const out: Uint8Array[] = [];
  for (let i = 0; i < o.body.length; i += o.checksum.partSize) out.push(o.body.subarray(i, i + o.checksum.partSize));
  return out;
}

/** The stored SHA-256 as S3 reports it: base64 of the object's digest, or of the part digests' digest with `-N`. */
export function storedSha256(o: StandInObject): string | undefined {
  if (!o.checksum || (o.checksum.type === "full" && o.checksum.algorithm === "crc64nvme")) return undefined;
  if (o.checksum.type === "full") return sha256(o.body).toString("base64");
  const parts: Buffer[] = [];
  for (let i = 0; i < o.body.length; i += o.checksum.partSize)
    parts.push(sha256(o.body.subarray(i, i + o.checksum.partSize)));
  return `${sha256(Buffer.concat(parts)).toString("base64")}-${parts.length}`;
}

function s3Error(res: ServerResponse, status: number, code: string, message: string, head = false): void {
  res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": "standin" });
  res.end(
    head
      ? undefined
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
  );
}

/** A running stand-in: its endpoint, its buckets and the request log. */
export interface S3StandIn {
  endpoint: string;
  buckets: Map<string, Map<string, StandInObject>>;
  log: LoggedRequest[];
  put(bucket: string, key: string, object: Omit<StandInObject, "modified"> & { modified?: Date }): void;
  close(): Promise<void>;
}

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/s3\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/** Starts the stand-in on 127.0.0.1 and a free port. */
export async function startS3StandIn(): Promise<S3StandIn> {
  const buckets = new Map<string, Map<string, StandInObject>>();
  const log: LoggedRequest[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? "GET";
    let bytes = 0;
    const end = res.end.bind(res);
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk instanceof Uint8Array || typeof chunk === "string") bytes += Buffer.byteLength(chunk as string);
      log.push({ method, path: url.pathname, query, status: res.statusCode, bytes });
      return (end as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof res.end;
    const head = method === "HEAD";
    if (
      !SIGV4.test(String(req.headers.authorization ?? "")) ||
      !req.headers["x-amz-date"] ||
      !req.headers["x-amz-content-sha256"]
    ) {
      s3Error(res, 403, "AccessDenied", "requests must be signed with AWS Signature Version 4", head);
      return;
    }
    const [, bucketName, ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const bucket = bucketName ? buckets.get(bucketName) : undefined;
    if (!bucket) {
      s3Error(res, 404, "NoSuchBucket", `The specified bucket does not exist: ${bucketName}`, head);
      return;
    }
    if (method === "GET" && !key) {
      if (query["list-type"] !== "2") {
        s3Error(res, 501, "NotImplemented", "only ListObjectsV2 (list-type=2) is served by the stand-in");
        return;
      }
      const prefix = query.prefix ?? "";
      const max = Math.min(Number(query["max-keys"] ?? 1000), 1000);
      if (!Number.isInteger(max) || max < 0) {
        s3Error(res, 400, "InvalidArgument", "max-keys must be a non-negative integer");
        return;
      }
      const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix)).sort();
      const after = query["continuation-token"]
        ? Buffer.from(query["continuation-token"], "base64url").toString()
        : undefined;
      const from = after === undefined ? 0 : keys.findIndex((k) => k > after);
      const page = from < 0 ? [] : keys.slice(from, from + max);
      const truncated = from >= 0 && from + max < keys.length;
      const contents = page
        .map((k) => {
          const o = bucket.get(k)!;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.modified.toISOString()}</LastModified><ETag>"${createHash("md5").update(o.body).digest("hex")}"</ETag>${o.checksum ? "<ChecksumAlgorithm>SHA256</ChecksumAlgorithm>" : ""}<Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join("");
      const next = truncated
        ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!).toString("base64url")}</NextContinuationToken>`
        : "";
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName!)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
      );
      return;
    }
    const object = bucket.get(key);
    if (method !== "GET" && method !== "HEAD") {
      s3Error(res, 501, "NotImplemented", `${method} is not served by the stand-in`);
      return;
    }
    if (!object) {
      s3Error(res, 404, "NoSuchKey", "The specified key does not exist.", head);
      return;
    }
    const headers: Record<string, string> = {
      "last-modified": object.modified.toUTCString(),
      etag: `"${createHash("md5").update(object.body).digest("hex")}"`,
      "content-type": "application/octet-stream",
      "accept-ranges": "bytes",
    };
    if (object.sse) headers["x-amz-server-side-encryption"] = object.sse;
    const stored = storedSha256(object);
    if (
      object.checksum?.type === "full" &&
      object.checksum.algorithm === "crc64nvme" &&
      req.headers["x-amz-checksum-mode"] === "ENABLED"
    ) {
      headers["x-amz-checksum-crc64nvme"] = crc64nvme(object.body);
      headers["x-amz-checksum-type"] = "FULL_OBJECT";
    }
    if (stored && req.headers["x-amz-checksum-mode"] === "ENABLED") {
      headers["x-amz-checksum-sha256"] = stored;
      headers["x-amz-checksum-type"] = object.checksum?.type === "composite" ? "COMPOSITE" : "FULL_OBJECT";
    }
    if (url.searchParams.has("attributes")) {
      // GetObjectAttributes: which attributes come from the x-amz-object-attributes header (required)
      const wanted = String(req.headers["x-amz-object-attributes"] ?? "")
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      if (head || wanted.length === 0) {
        s3Error(res, 400, "InvalidRequest", "GetObjectAttributes needs x-amz-object-attributes", head);
        return;
      }
      const parts = partsOf(object);
      const maxParts = Number(req.headers["x-amz-max-parts"] ?? 1000);
      const marker = Number(req.headers["x-amz-part-number-marker"] ?? 0);
      const page = parts.slice(marker, marker + maxParts);
      const composite = object.checksum?.type === "composite";
      const partXml = page
        .map(
          (b, i) =>
            `<Part><PartNumber>${marker + i + 1}</PartNumber><Size>${b.length}</Size>${object.checksum ? `<ChecksumSHA256>${sha256(b).toString("base64")}</ChecksumSHA256>` : ""}</Part>`,
        )
        .join("");
      const truncated = marker + maxParts < parts.length;
      const checksum = stored
        ? `<Checksum><ChecksumSHA256>${stored.replace(/-\d+$/, "")}</ChecksumSHA256><ChecksumType>${composite ? "COMPOSITE" : "FULL_OBJECT"}</ChecksumType></Checksum>`
        : "";
      res.writeHead(200, { "content-type": "application/xml", "last-modified": object.modified.toUTCString() });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<GetObjectAttributesResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${wanted.includes("Checksum") ? checksum : ""}${
          wanted.includes("ObjectParts") && composite
            ? `<ObjectParts><IsTruncated>${truncated}</IsTruncated><MaxParts>${maxParts}</MaxParts><PartNumberMarker>${marker}</PartNumberMarker>${truncated ? `<NextPartNumberMarker>${marker + maxParts}</NextPartNumberMarker>` : ""}${partXml}<PartsCount>${parts.length}</PartsCount></ObjectParts>`
            : ""
        }${wanted.includes("ObjectSize") ? `<ObjectSize>${object.body.length}</ObjectSize>` : ""}</GetObjectAttributesResponse>`,
      );
      return;
    }
    let body: Uint8Array = object.body;
    if (object.rot !== undefined) {
      body = Buffer.from(object.body);
      body[object.rot] = body[object.rot]! ^ 0xff;
    }
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d+)-(\d*)$/.exec(range);
      if (!m || Number(m[1]) >= object.body.length) {
        s3Error(res, 416, "InvalidRange", "The requested range is not satisfiable", head);
        return;
      }
      const start = Number(m[1]);
      const last = m[2] ? Math.min(Number(m[2]), object.body.length - 1) : object.body.length - 1;
      body = body.subarray(start, last + 1);
      status = 206;
      headers["content-range"] = `bytes ${start}-${last}/${object.body.length}`;
      delete headers["x-amz-checksum-sha256"];
      delete headers["x-amz-checksum-type"];
    }
    headers["content-length"] = String(body.length);
    res.writeHead(status, headers);
    res.end(head ? undefined : Buffer.from(body));
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => handle(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    buckets,
    log,
    put(bucket, key, object) {
      let b = buckets.get(bucket);
      if (!b) {
        b = new Map();
        buckets.set(bucket, b);
      }
      b.set(key, { ...object, modified: object.modified ?? new Date() });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
