// GraphQL endpoint (`POST /graphql`). Documents are parsed and validated against GitHub's published GraphQL
// schema (@octokit/graphql-schema), then executed by graphql-js over the stand-in's state. Resolvers exist for
// what Upkeep uses: `repository { pinnedIssues }`, `node(id)`, issue fields, and the `pinIssue`/`unpinIssue`
// mutations. A field GitHub has but the stand-in does not resolve answers null (an error when non-null).
import { readFileSync } from "node:fs";
import {
  buildSchema,
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  parse,
  validate,
} from "graphql";
import type { Auth } from "./context.js";
import type { Serializer } from "./serialize.js";
import type { IssueRecord, RepoRecord, StandInState } from "./state.js";

let schema: GraphQLSchema | undefined;

function githubSchema(): GraphQLSchema {
  if (schema) return schema;
  // The package's `exports` map hides schema.graphql from resolution; it sits in @upkeep/test's node_modules.
  const sdl = new URL("../../node_modules/@octokit/graphql-schema/schema.graphql", import.meta.url);
  schema = buildSchema(readFileSync(sdl, "utf8"), { assumeValidSDL: true, noLocation: true });
  return schema;
}

/** Warms the schema cache (about a second on a busy machine); GraphQL requests do it on first use anyway. */
export function loadGraphqlSchema(): void {
  githubSchema();
}

interface Env {
  state: StandInState;
  ser: Serializer;
  auth: Auth;
}

function visible(env: Env, repo: RepoRecord): boolean {
  if (env.auth.repositories && !env.auth.repositories.has(`${repo.owner}/${repo.name}`.toLowerCase())) return false;
  return !repo.private || env.auth.kind !== "anonymous";
}

function notFound(id: string): GraphQLError {
  return new GraphQLError(`Could not resolve to a node with the global id of '${id}'`, {
    extensions: { type: "NOT_FOUND" },
  });
}

function actor(env: Env, login: string) {
  const u = env.state.user(login);
  return {
    __typename: u.type === "Bot" ? "Bot" : u.type === "Organization" ? "Organization" : "User",
    login,
    id: `U_${u.id}`,
    databaseId: u.id,
    url: `${env.ser.base}/${encodeURIComponent(login)}`,
    avatarUrl: () => `${env.ser.base}/avatars/${encodeURIComponent(login)}`,
  };
}

function connection<T>(items: T[], args: { first?: number; last?: number }) {
  const slice =
    args.first !== undefined ? items.slice(0, args.first) : args.last !== undefined ? items.slice(-args.last) : items;
  return {
    totalCount: items.length,
    nodes: slice,
    edges: slice.map((node, i) => ({ node, cursor: Buffer.from(`cursor:${i}`).toString("base64") })),
    pageInfo: {
      hasNextPage: slice.length < items.length && args.last === undefined,
      hasPreviousPage: false,
      startCursor: slice.length > 0 ? Buffer.from("cursor:0").toString("base64") : null,
      endCursor: slice.length > 0 ? Buffer.from(`cursor:${slice.length - 1}`).toString("base64") : null,
    },
  };
}

function issueObject(env: Env, repo: RepoRecord, issue: IssueRecord) {
  return {
    __typename: issue.pull ? "PullRequest" : "Issue",
    id: issue.nodeId,
    databaseId: issue.id,
    fullDatabaseId: String(issue.id),
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    url: `${env.ser.repoHtml(repo)}/issues/${issue.number}`,
    resourcePath: `/${repo.owner}/${repo.name}/issues/${issue.number}`,
    state: issue.state === "open" ? "OPEN" : "CLOSED",
    stateReason: issue.stateReason ? issue.stateReason.toUpperCase() : null,
    closed: issue.state === "closed",
    closedAt: issue.closedAt,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    locked: issue.locked,
    isPinned: repo.pinned.includes(issue.number),
    author: () => actor(env, issue.user),
    repository: () => repositoryObject(env, repo),
    labels: (args: { first?: number; last?: number }) =>
      connection(
        issue.labels.map((name) => {
          const label = repo.labels.find((l) => l.name === name);
          return {
            id: `LA_${label?.id ?? 0}`,
            name,
            color: label?.color ?? "ededed",
            description: label?.description ?? null,
          };
        }),
        args,
      ),
  };
}

function pinnedObject(env: Env, repo: RepoRecord, issue: IssueRecord) {
  return {
    id: `PIN_${issue.nodeId}`,
    databaseId: issue.id,
    issue: () => issueObject(env, repo, issue),
    pinnedBy: () => actor(env, env.auth.login || repo.owner),
    repository: () => repositoryObject(env, repo),
  };
}

function repositoryObject(env: Env, repo: RepoRecord) {
  const pinnedIssues = () =>
    repo.pinned
      .map((n) => repo.issues.find((i) => i.number === n))
      .filter((i): i is IssueRecord => i !== undefined)
      .map((i) => pinnedObject(env, repo, i));
  return {
    __typename: "Repository",
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    url: env.ser.repoHtml(repo),
    isPrivate: repo.private,
    isArchived: repo.archived,
    owner: () => actor(env, repo.owner),
    defaultBranchRef: () => ({ name: repo.defaultBranch, prefix: "refs/heads/" }),
    pinnedIssues: (args: { first?: number; last?: number }) => connection(pinnedIssues(), args),
    issue: (args: { number: number }) => {
      const issue = repo.issues.find((i) => i.number === args.number && !i.pull);
      if (!issue)
        throw new GraphQLError(`Could not resolve to an Issue with the number of ${args.number}.`, {
          extensions: { type: "NOT_FOUND" },
        });
      return issueObject(env, repo, issue);
    },
  };
}

function findIssueByNodeId(env: Env, id: string): { repo: RepoRecord; issue: IssueRecord } | undefined {
  for (const repo of env.state.repos.values()) {
    const issue = repo.issues.find((i) => i.nodeId === id);
    if (issue && visible(env, repo)) return { repo, issue };
  }
  return undefined;
}

function rootValue(env: Env) {
  return {
    repository: (args: { owner: string; name: string }) => {
      const repo = env.state.findRepo(`${args.owner}/${args.name}`);
      if (!repo || !visible(env, repo)) {
        throw new GraphQLError(`Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`, {
          extensions: { type: "NOT_FOUND" },
        });
      }
      return repositoryObject(env, repo);
    },
    node: (args: { id: string }) => {
      const hit = findIssueByNodeId(env, args.id);
      if (hit) return issueObject(env, hit.repo, hit.issue);
      for (const repo of env.state.repos.values()) {
        if (repo.nodeId === args.id && visible(env, repo)) return repositoryObject(env, repo);
      }
      return null;
    },
    viewer: () => actor(env, env.auth.login || env.state.defaultLogin),
    pinIssue: (args: { input: { issueId: string; clientMutationId?: string } }) => {
      const hit = findIssueByNodeId(env, args.input.issueId);
      if (!hit) throw notFound(args.input.issueId);
      try {
        env.state.pin(hit.repo, hit.issue.number);
      } catch (err) {
        throw new GraphQLError((err as Error).message, { extensions: { type: "UNPROCESSABLE" } });
      }
      return { clientMutationId: args.input.clientMutationId ?? null, issue: issueObject(env, hit.repo, hit.issue) };
    },
    unpinIssue: (args: { input: { issueId: string; clientMutationId?: string } }) => {
      const hit = findIssueByNodeId(env, args.input.issueId);
      if (!hit) throw notFound(args.input.issueId);
      hit.repo.pinned = hit.repo.pinned.filter((n) => n !== hit.issue.number);
      return {
        clientMutationId: args.input.clientMutationId ?? null,
        id: `PIN_${hit.issue.nodeId}`,
        issue: issueObject(env, hit.repo, hit.issue),
      };
    },
  };
}

// Fields are plain values or functions of the field arguments (graphql-js's default passes args first too).
const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _context, info) => {
  if (source === null || typeof source !== "object") return null;
  const value = (source as Record<string, unknown>)[info.fieldName];
  if (typeof value === "function") return (value as (a: unknown) => unknown)(args);
  return value ?? null;
};

/**
 * Answers one GraphQL request body with GitHub's `{ data, errors }` envelope. A document GitHub's schema
 * rejects comes back as `errors` (as GitHub does) and is returned in `violations` for the stand-in's list.
 */
export async function handleGraphql(
  state: StandInState,
  ser: Serializer,
  auth: Auth,
  body: unknown,
): Promise<{ result: unknown; violations: string[] }> {
  const request = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== "string") {
    return {
      result: { errors: [{ message: "A query attribute must be specified and must be a string." }] },
      violations: ["graphql: request without a query string"],
    };
  }
  const gqlSchema = githubSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (err) {
    const message = (err as GraphQLError).message;
    return { result: { errors: [{ message }] }, violations: [`graphql: ${message}`] };
  }
  const problems = validate(gqlSchema, document);
  if (problems.length > 0) {
    return {
      result: { errors: problems.map((p) => ({ message: p.message, locations: p.locations })) },
      violations: problems.map((p) => `graphql: ${p.message}`),
    };
  }
  const result = await execute({
    schema: gqlSchema,
    document,
    rootValue: rootValue({ state, ser, auth }),
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === "string" ? request.operationName : undefined,
    fieldResolver,
  });
  const errors = result.errors?.map((e) => ({
    message: e.message,
    ...(e.locations ? { locations: e.locations } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.extensions?.type ? { type: e.extensions.type } : {}),
  }));
  return { result: { data: result.data ?? null, ...(errors && errors.length > 0 ? { errors } : {}) }, violations: [] };
}
