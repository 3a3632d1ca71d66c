// What a route handler receives and returns. Handlers throw HttpError for GitHub's error answers.

import type { Serializer } from "./serialize.js";
import type { RepoRecord, StandInState } from "./state.js";

/** Who is calling, derived from the `authorization` header. */
export interface Auth {
  kind: "anonymous" | "user" | "installation" | "app";
  login: string;
  token?: string;
  installationId?: number;
  /** Lower-case full names an installation token may reach; undefined means no restriction. */
  repositories?: Set<string>;
}

export interface RouteContext {
  state: StandInState;
  ser: Serializer;
  base: string;
  method: string;
  pathname: string;
  params: Record<string, string>;
  /** Declared query parameters, coerced to their schema types (integers, booleans). */
  query: Record<string, unknown>;
  rawQuery: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  auth: Auth;
  /** The repository named by `{owner}/{repo}`; throws HttpError 404 when missing or not visible to the caller. */
  repo(): RepoRecord;
}

/** A page-able answer: the server slices it by `per_page`/`page` and sets the `Link` header. */
export interface ListReply {
  status: 200;
  list: unknown[];
  /** Wraps one page for endpoints that answer an object (`{ total_count, items }`). */
  wrap?: (page: unknown[], total: number) => unknown;
  headers?: Record<string, string>;
}

export interface BodyReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is not JSON (raw file content); skips schema validation. */
  raw?: Buffer;
}

export type Reply = ListReply | BodyReply;

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

/** GitHub's error answer. `errors` follows GitHub's validation-error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: { resource?: string; field?: string; code: string; message?: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** `404 Not Found`, GitHub's answer for anything missing or hidden from the caller. */
export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

/** A `422 Validation Failed` naming the field, like GitHub's answers to semantically bad input. */
export function validationFailed(resource: string, field: string, code: string, message?: string): HttpError {
  return new HttpError(422, "Validation Failed", [{ resource, field, code, ...(message ? { message } : {}) }]);
}
