#!/usr/bin/env node
// Writes test/stand-ins/github/openapi-extract.json: the operations the GitHub stand-in serves, taken from
// GitHub's published OpenAPI description (@octokit/openapi), with their parameters resolved and every
// component schema they reach. Loading the full 13 MB description in each test worker costs about a second;
// the extract keeps the stand-in fast while staying a mechanical copy of GitHub's own schemas.
// Usage: node scripts/extract-openapi.mjs [--check]   (--check exits 1 when the committed extract is stale)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "test", "package.json"));
const pkgPath = require.resolve("@octokit/openapi/package.json");
const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
const specPath = path.join(path.dirname(pkgPath), "generated", "api.github.com.json");
const outPath = path.join(root, "test", "stand-ins", "github", "openapi-extract.json");

/** The operations the stand-in implements, by GitHub's operationId. */
export const OPERATION_IDS = [
  "repos/get",
  "repos/get-content",
  "repos/create-or-update-file-contents",
  "repos/list-commits",
  "repos/get-commit",
  "repos/compare-commits-with-basehead",
  "repos/list-branches",
  "repos/get-branch",
  "git/get-ref",
  "git/list-matching-refs",
  "git/create-ref",
  "git/update-ref",
  "git/delete-ref",
  "repos/list-tags",
  "pulls/list",
  "pulls/get",
  "pulls/create",
  "pulls/update",
  "pulls/list-files",
  "issues/list-for-repo",
  "issues/create",
  "issues/get",
  "issues/update",
  "issues/add-assignees",
  "issues/remove-assignees",
  "issues/list-comments",
  "issues/list-comments-for-repo",
  "issues/create-comment",
  "issues/get-comment",
  "issues/update-comment",
  "issues/delete-comment",
  "issues/list-labels-for-repo",
  "issues/create-label",
  "issues/get-label",
  "issues/update-label",
  "issues/delete-label",
  "issues/list-labels-on-issue",
  "issues/add-labels",
  "issues/set-labels",
  "issues/remove-label",
  "issues/remove-all-labels",
  "issues/list-milestones",
  "issues/create-milestone",
  "issues/get-milestone",
  "issues/update-milestone",
  "issues/delete-milestone",
  "search/issues-and-pull-requests",
  "checks/create",
  "checks/get",
  "checks/update",
  "checks/list-for-ref",
  "repos/create-commit-status",
  "repos/get-combined-status-for-ref",
  "repos/list-commit-statuses-for-ref",
  "repos/list-deployments",
  "repos/create-deployment",
  "repos/get-deployment",
  "repos/list-deployment-statuses",
  "repos/create-deployment-status",
  "repos/get-all-environments",
  "repos/get-environment",
  "repos/list-releases",
  "repos/create-release",
  "repos/get-latest-release",
  "repos/get-release-by-tag",
  "repos/get-release",
  "apps/get-authenticated",
  "apps/list-installations",
  "apps/get-installation",
  "apps/get-repo-installation",
  "apps/create-installation-access-token",
  "apps/list-repos-accessible-to-installation",
  "actions/review-custom-gates-for-run",
  "security-advisories/list-global-advisories",
  "security-advisories/get-global-advisory",
  "rate-limit/get",
  "repos/get-collaborator-permission-level",
  // staging gate (issue 11): required checks, the gated workflow run, pending protection rules, override labels
  "repos/get-status-checks-protection",
  "repos/get-branch-rules",
  "actions/get-workflow-run",
  "actions/list-workflow-runs-for-repo",
  "actions/get-pending-deployments-for-run",
  "repos/list-pull-requests-associated-with-commit",
  "issues/list-events",
];

const EXTRA_SCHEMAS = ["basic-error", "validation-error"];

function build() {
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  const wanted = new Set(OPERATION_IDS);
  const operations = {};
  const schemas = {};
  const pending = [...EXTRA_SCHEMAS];

  function deref(node) {
    if (node && typeof node === "object" && typeof node.$ref === "string") {
      const parts = node.$ref.replace(/^#\//, "").split("/");
      let target = spec;
      for (const p of parts) target = target[p.replace(/~1/g, "/").replace(/~0/g, "~")];
      return deref(target);
    }
    return node;
  }
  function collectRefs(node) {
    if (Array.isArray(node)) {
      for (const item of node) collectRefs(item);
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const m = /^#\/components\/schemas\/(.+)$/.exec(value);
        if (!m) throw new Error(`unexpected $ref ${value}`);
        pending.push(m[1]);
      } else if (key !== "example" && key !== "examples") collectRefs(value);
    }
  }
  function jsonSchemaOf(content) {
    if (!content) return undefined;
    const entry =
      content["application/json"] ?? Object.entries(content).find(([type]) => /json/.test(type))?.[1] ?? undefined;
    return entry?.schema;
  }
  // Descriptions and examples are dropped: validation does not read them and they triple the size.
  // Keys inside `properties` are field names (an issue has a `title` and a `description`), so kept.
  const DROPPED = new Set(["description", "example", "examples", "title", "externalDocs"]);
  function strip(node, isPropertyMap = false) {
    if (Array.isArray(node)) return node.map((item) => strip(item));
    if (!node || typeof node !== "object") return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (!isPropertyMap && (DROPPED.has(key) || key.startsWith("x-"))) continue;
      out[key] = strip(value, !isPropertyMap && key === "properties");
    }
    return out;
  }

  for (const [route, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === "parameters" || !wanted.has(op.operationId)) continue;
      wanted.delete(op.operationId);
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required === true,
        schema: strip(p.schema ?? {}),
      }));
      const body = op.requestBody ? deref(op.requestBody) : undefined;
      const bodySchema = body ? jsonSchemaOf(body.content) : undefined;
      const responses = {};
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[23]/.test(status)) continue;
        responses[status] = strip(jsonSchemaOf(deref(response).content) ?? null);
      }
      const entry = {
        operationId: op.operationId,
        parameters,
        ...(body ? { requestBody: { required: body.required === true, schema: strip(bodySchema ?? {}) } } : {}),
        responses,
      };
      collectRefs(entry);
      operations[`${method.toUpperCase()} ${route}`] = entry;
    }
  }
  if (wanted.size > 0) throw new Error(`operations not found in the description: ${[...wanted].join(", ")}`);
  while (pending.length > 0) {
    const name = pending.pop();
    if (schemas[name]) continue;
    const schema = spec.components.schemas[name];
    if (!schema) throw new Error(`missing component schema ${name}`);
    schemas[name] = strip(schema);
    collectRefs(schemas[name]);
  }
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return {
    source: `${pkg.name}@${pkg.version} generated/api.github.com.json`,
    generatedBy: "scripts/extract-openapi.mjs",
    operations,
    components: { schemas: sortedSchemas },
  };
}

const text = `${JSON.stringify(build())}\n`;
if (process.argv.includes("--check")) {
  const current = readFileSync(outPath, "utf8");
  if (JSON.stringify(JSON.parse(current)) !== JSON.stringify(JSON.parse(text))) {
    console.error(`${path.relative(root, outPath)} is stale: run node scripts/extract-openapi.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(outPath, text);
  // Formatted by the repository's own formatter so `biome check` stays clean on the committed file.
  execFileSync(path.join(root, "node_modules", ".bin", "biome"), ["format", "--write", outPath], { stdio: "ignore" });
  console.log(`wrote ${path.relative(root, outPath)} (${Object.keys(JSON.parse(text).operations).length} operations)`);
}
