import { RequestError } from "@octokit/request-error";
import { GitHubApiError, NotFoundError } from "../errors.js";

interface RequestLike {
  method?: string;
  url?: string;
}

function headerOf(err: RequestError, name: string): string | undefined {
  const v = err.response?.headers?.[name];
  return typeof v === "string" ? v : undefined;
}

function validationDetails(data: unknown): string {
  if (typeof data !== "object" || data === null) return "";
  const errors = (data as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return "";
  const parts = errors.map((e) => {
    if (typeof e === "string") return e;
    if (typeof e === "object" && e !== null) {
      const o = e as { resource?: string; field?: string; code?: string; message?: string };
      return o.message ?? [o.resource, o.field, o.code].filter(Boolean).join(" ");
    }
    return String(e);
  });
  return parts.length ? ` (${parts.join("; ")})` : "";
}

/**
 * Turns an Octokit RequestError (or a network error) into GitHubApiError / NotFoundError with a message
 * that names the request and a hint that says what to do. Anything else is returned unchanged.
 */
export function translateRequestError(error: unknown, request: RequestLike = {}): unknown {
  if (error instanceof GitHubApiError) return error;
  const method = (request.method ?? "GET").toUpperCase();
  const url = request.url ?? "";
  if (!(error instanceof RequestError)) {
    if (error instanceof Error) {
      return new GitHubApiError(
        `${method} ${url}: ${error.message}`,
        { status: 0, method, url },
        {
          hint: "GitHub could not be reached; check GITHUB_API_URL and the network, then retry",
          cause: error,
        },
      );
    }
    return error;
  }
  const status = error.status;
  const requestId = headerOf(error, "x-github-request-id");
  const apiMessage =
    typeof error.response?.data === "object" && error.response?.data !== null && "message" in error.response.data
      ? String((error.response.data as { message: unknown }).message)
      : error.message;
  const message = `${method} ${error.request?.url ?? url}: ${status} ${apiMessage}${validationDetails(error.response?.data)}`;
  const details = { status, method, url: error.request?.url ?? url, ...(requestId ? { requestId } : {}) };
  if (status === 404) {
    return new NotFoundError(message, details, {
      hint: "the resource does not exist or the token cannot see it (GitHub answers 404 for both): check the name and the token's repository access",
      cause: error,
    });
  }
  let hint: string | undefined;
  const accepted = headerOf(error, "x-accepted-github-permissions");
  if (status === 401) hint = "the token is missing, expired or revoked: pass a valid token";
  else if (status === 403 && /rate limit/i.test(apiMessage))
    hint = "GitHub's rate limit was hit: wait for the reset or use a token with a higher limit";
  else if (status === 403)
    hint = accepted
      ? `the token lacks a permission this call needs (${accepted}): grant it in the workflow's \`permissions:\` or the App's settings`
      : "the token lacks a permission this call needs: grant it in the workflow's `permissions:` or the App's settings";
  else if (status === 422) hint = "GitHub rejected the request's data (see the details above)";
  else if (status >= 500) hint = "GitHub had an error; it was retried and still failed: try again later";
  return new GitHubApiError(message, details, { ...(hint ? { hint } : {}), cause: error });
}
