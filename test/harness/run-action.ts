// Runs a built JavaScript action (`<actionDir>/dist/index.js`) the way GitHub's runner runs a
// `runs.using: node24` step: a fresh Node 24 process whose environment holds only what the runner sets,
// inputs as INPUT_* variables (defaults from action.yml applied), the event payload in a file, and empty
// file-command files whose contents are read back afterwards.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { inputEnvName, readActionMetadata } from "./action-metadata.js";
import { parseKeyValueFile, parsePathFile } from "./file-commands.js";
import { node24Path } from "./node24.js";
import { webhookExample } from "./webhook-example.js";
import { type Annotation, parseWorkflowCommands } from "./workflow-commands.js";

/** How to run the action; every field but `actionDir` has a default that a real run could have. */
export interface RunActionOptions {
  /** Folder with action.yml and the built bundle (`runs.main`, normally dist/index.js). */
  actionDir: string;
  /** Step `with:` values by input name as written in action.yml. */
  inputs?: Record<string, string>;
  /** Apply action.yml input defaults to inputs not given, as the runner does. Default true; false runs the
   *  action with no INPUT_* variable but those given (the bundle-boots test). */
  inputDefaults?: boolean;
  /** Step `env:` values; applied last, so they can override anything the harness sets. */
  env?: Record<string, string>;
  /** The triggering event: a payload, or an example id from `@octokit/webhooks-examples` such as
   *  `pull_request.opened`. Default: the `workflow_dispatch` example. */
  event?: { name: string; payload: unknown } | { name: string; example: string };
  /** GITHUB_WORKSPACE. Default: a new empty folder, removed afterwards. */
  workspace?: string;
  /** GITHUB_API_URL, e.g. the GitHub stand-in's URL. Default: `http://127.0.0.1:9`, which refuses
   *  connections, so an action never reaches the real API by accident. */
  apiUrl?: string;
  /** The value of `${{ github.token }}` in input defaults. Default: a fixed fake installation token. */
  token?: string;
  /** Milliseconds before the process is killed and runAction rejects. Default 20,000. */
  timeoutMs?: number;
  /** GITHUB_REPOSITORY (owner/repo). Default: the payload's `repository.full_name`, else `octo-org/octo-repo`. */
  repository?: string;
  /** GITHUB_SHA. Default: derived from the event as the runner does (PR merge commit, push `after`). */
  sha?: string;
  /** GITHUB_REF. Default: derived from the event (`refs/pull/<n>/merge`, the pushed ref, else `refs/heads/main`). */
  ref?: string;
}

/** What the step produced, parsed the way the runner parses it. */
export interface ActionResult {
  exitCode: number;
  /** Step outputs from GITHUB_OUTPUT (and the deprecated `::set-output`). */
  outputs: Record<string, string>;
  /** The job summary written to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** Workflow commands `::error`, `::warning`, `::notice`, `::debug` from stdout and stderr, plus the warnings
   *  the runner itself adds (unexpected or deprecated inputs, an oversized summary). */
  annotations: Annotation[];
  /** Variables exported to later steps through GITHUB_ENV. */
  env: Record<string, string>;
  /** Values saved through GITHUB_STATE (what a `post:` step would receive as STATE_*). */
  state: Record<string, string>;
  /** Directories added to PATH through GITHUB_PATH. */
  paths: string[];
  /** Values registered with `::add-mask::`. */
  masks: string[];
  stdout: string;
  stderr: string;
  /** True when the process exited with a non-zero code, i.e. the step failed. */
  failed: boolean;
}

// The runner's limit for a step summary (1 MiB); past it, the summary is dropped with an error.
const SUMMARY_LIMIT = 1024 * 1024;
const DEFAULT_TOKEN = "ghs_HarnessFakeInstallationToken0000000";
const DEFAULT_SHA = "ffac537e6cbbf934b08745a378932722df287a53";
const noNetworkGuard = pathToFileURL(join(import.meta.dirname, "child-no-network.mjs")).href;

/**
 * Runs the action in `options.actionDir` under Node 24 and returns its outputs, summary, annotations and
 * exit code. A failing action is a result (`failed: true`), not a rejection. The process may connect only
 * to loopback addresses.
 * @throws {Error} when Node 24 or action.yml is missing, action.yml is not a `node24` action, it declares
 *   `pre:`/`post:` steps (not supported here), the run exceeds `timeoutMs`, an input default uses an
 *   expression the harness cannot evaluate, or a file-command file is malformed
 */
export async function runAction(options: RunActionOptions): Promise<ActionResult> {
  const actionDir = resolve(options.actionDir);
  const metadata = readActionMetadata(actionDir);
  if (metadata.runs.using !== "node24") {
    throw new Error(`${actionDir}/action.yml: runs.using is "${metadata.runs.using}"; the harness runs node24 actions`);
  }
  if (metadata.runs.pre || metadata.runs.post) {
    throw new Error(`${actionDir}/action.yml declares pre:/post: steps, which the harness does not run yet`);
  }
  if (!metadata.runs.main) throw new Error(`${actionDir}/action.yml has no runs.main`);
  const main = join(actionDir, metadata.runs.main);
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the action first (pnpm build)`);
  const node = node24Path();

  const temp = mkdtempSync(join(tmpdir(), "upkeep-action-"));
  try {
    const dirs = {
      runnerTemp: join(temp, "_temp"),
      commands: join(temp, "_runner_file_commands"),
      workflow: join(temp, "_github_workflow"),
      toolCache: join(temp, "_tool"),
    };
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    const workspace = options.workspace ? resolve(options.workspace) : join(temp, "workspace");
    mkdirSync(workspace, { recursive: true });

    const files = {
      GITHUB_OUTPUT: join(dirs.commands, "set_output_harness"),
      GITHUB_ENV: join(dirs.commands, "set_env_harness"),
      GITHUB_STATE: join(dirs.commands, "save_state_harness"),
      GITHUB_PATH: join(dirs.commands, "add_path_harness"),
      GITHUB_STEP_SUMMARY: join(dirs.commands, "step_summary_harness"),
    };
    for (const file of Object.values(files)) writeFileSync(file, "");

    const event = resolveEvent(options.event);
    const eventPath = join(dirs.workflow, "event.json");
    writeFileSync(eventPath, JSON.stringify(event.payload, null, 2));

    const github = githubContext(event, options);
    const apiUrl = (options.apiUrl ?? "http://127.0.0.1:9").replace(/\/$/, "");
    const contexts: Record<string, string> = {
      "github.token": options.token ?? DEFAULT_TOKEN,
      "github.repository": github.repository,
      "github.repository_owner": github.owner,
      "github.sha": github.sha,
      "github.ref": github.ref,
      "github.ref_name": github.refName,
      "github.event_name": event.name,
      "github.actor": github.actor,
      "github.workspace": workspace,
      "github.server_url": "https://github.com",
      "github.api_url": apiUrl,
      "github.graphql_url": `${apiUrl}/graphql`,
      "github.run_id": "1658821493",
      "github.run_number": "3",
      "runner.temp": dirs.runnerTemp,
      "runner.os": "Linux",
      "runner.arch": "X64",
    };

    const annotations: Annotation[] = [];
    const env: Record<string, string> = {};
    for (const key of ["PATH", "HOME"]) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    Object.assign(env, {
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_ACTION: "__run",
      GITHUB_ACTION_REPOSITORY: "",
      GITHUB_ACTOR: github.actor,
      GITHUB_ACTOR_ID: "1",
      GITHUB_API_URL: apiUrl,
      GITHUB_BASE_REF: github.baseRef,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
      GITHUB_HEAD_REF: github.headRef,
      GITHUB_JOB: "check",
      GITHUB_REF: github.ref,
      GITHUB_REF_NAME: github.refName,
      GITHUB_REF_PROTECTED: "false",
      GITHUB_REF_TYPE: github.ref.startsWith("refs/tags/") ? "tag" : "branch",
      GITHUB_REPOSITORY: github.repository,
      GITHUB_REPOSITORY_OWNER: github.owner,
      GITHUB_RETENTION_DAYS: "90",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_RUN_ID: contexts["github.run_id"],
      GITHUB_RUN_NUMBER: contexts["github.run_number"],
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_SHA: github.sha,
      GITHUB_TRIGGERING_ACTOR: github.actor,
      GITHUB_WORKFLOW: "Upkeep",
      GITHUB_WORKFLOW_REF: `${github.repository}/.github/workflows/upkeep.yml@${github.ref}`,
      GITHUB_WORKFLOW_SHA: github.sha,
      GITHUB_WORKSPACE: workspace,
      RUNNER_ARCH: "X64",
      RUNNER_ENVIRONMENT: "github-hosted",
      RUNNER_NAME: "GitHub Actions 1",
      RUNNER_OS: "Linux",
      RUNNER_TEMP: dirs.runnerTemp,
      RUNNER_TOOL_CACHE: dirs.toolCache,
      ...files,
    });

    const given = options.inputs ?? {};
    const unexpected = Object.keys(given).filter((name) => !(name in metadata.inputs));
    if (unexpected.length > 0) {
      annotations.push({
        level: "warning",
        message: `Unexpected input(s) ${unexpected.map((n) => `'${n}'`).join(", ")}, valid inputs are [${Object.keys(
          metadata.inputs,
        )
          .map((n) => `'${n}'`)
          .join(", ")}]`,
      });
    }
    for (const [name, input] of Object.entries(metadata.inputs)) {
      const fallback = options.inputDefaults === false ? undefined : input.default;
      const value = given[name] ?? (fallback === undefined ? undefined : evaluate(fallback, contexts, name));
      if (value === undefined) continue;
      env[inputEnvName(name)] = value;
      if (given[name] !== undefined && input.deprecationMessage) {
        annotations.push({
          level: "warning",
          message: `Input '${name}' has been deprecated with message: ${input.deprecationMessage}`,
        });
      }
    }
    for (const name of unexpected) env[inputEnvName(name)] = given[name] ?? "";
    Object.assign(env, options.env ?? {});
    env.NODE_OPTIONS = [`--import=${noNetworkGuard}`, options.env?.NODE_OPTIONS].filter(Boolean).join(" ");

    const run = await spawnStep(node, [main], { cwd: workspace, env, timeoutMs: options.timeoutMs ?? 20_000 });

    const fromStdout = parseWorkflowCommands(run.stdout);
    const fromStderr = parseWorkflowCommands(run.stderr);
    annotations.push(...fromStdout.annotations, ...fromStderr.annotations);
    let summary = readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
    const summarySize = statSync(files.GITHUB_STEP_SUMMARY).size;
    if (summarySize > SUMMARY_LIMIT) {
      annotations.push({
        level: "error",
        message: `$GITHUB_STEP_SUMMARY supports content up a size of ${SUMMARY_LIMIT / 1024}k got ${Math.floor(summarySize / 1024)}k`,
      });
      summary = "";
    }
    return {
      exitCode: run.exitCode,
      outputs: {
        ...fromStdout.legacyOutputs,
        ...fromStderr.legacyOutputs,
        ...parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT, "utf8"), "GITHUB_OUTPUT"),
      },
      summary,
      annotations,
      env: parseKeyValueFile(readFileSync(files.GITHUB_ENV, "utf8"), "GITHUB_ENV"),
      state: parseKeyValueFile(readFileSync(files.GITHUB_STATE, "utf8"), "GITHUB_STATE"),
      paths: parsePathFile(readFileSync(files.GITHUB_PATH, "utf8")),
      masks: [...fromStdout.masks, ...fromStderr.masks],
      stdout: run.stdout,
      stderr: run.stderr,
      failed: run.exitCode !== 0,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function resolveEvent(event: RunActionOptions["event"]): { name: string; payload: Record<string, unknown> } {
  if (!event) return { name: "workflow_dispatch", payload: webhookExample("workflow_dispatch") };
  if ("example" in event) return { name: event.name, payload: webhookExample(event.example) };
  const payload = event.payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new Error(
      `event.payload must be a JSON object (GITHUB_EVENT_PATH holds one), got ${JSON.stringify(payload)}`,
    );
  }
  return { name: event.name, payload: payload as Record<string, unknown> };
}

interface GitHubContext {
  repository: string;
  owner: string;
  sha: string;
  ref: string;
  refName: string;
  headRef: string;
  baseRef: string;
  actor: string;
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** GITHUB_SHA, GITHUB_REF and friends as the runner derives them from the event (docs: "Events that trigger workflows"). */
function githubContext(
  event: { name: string; payload: Record<string, unknown> },
  options: RunActionOptions,
): GitHubContext {
  const p = event.payload;
  const repository = options.repository ?? str(field(p, "repository", "full_name")) ?? "octo-org/octo-repo";
  const isPullRequest = event.name.startsWith("pull_request") && field(p, "pull_request") !== undefined;
  let ref = "refs/heads/main";
  let sha = DEFAULT_SHA;
  let headRef = "";
  let baseRef = "";
  if (isPullRequest) {
    headRef = str(field(p, "pull_request", "head", "ref")) ?? "";
    baseRef = str(field(p, "pull_request", "base", "ref")) ?? "";
    if (event.name === "pull_request_target") {
      ref = `refs/heads/${baseRef || "main"}`;
      sha = str(field(p, "pull_request", "base", "sha")) ?? sha;
    } else {
      ref = `refs/pull/${String(field(p, "pull_request", "number") ?? field(p, "number"))}/merge`;
      sha = str(field(p, "pull_request", "merge_commit_sha")) ?? str(field(p, "pull_request", "head", "sha")) ?? sha;
    }
  } else if (event.name === "push") {
    ref = str(field(p, "ref")) ?? ref;
    sha = str(field(p, "after")) ?? sha;
  } else {
    ref = str(field(p, "ref")) ?? ref;
    if (!ref.startsWith("refs/")) ref = `refs/heads/${ref}`;
  }
  ref = options.ref ?? ref;
  sha = options.sha ?? sha;
  return {
    repository,
    owner: repository.split("/")[0] ?? repository,
    sha,
    ref,
    refName: ref.replace(/^refs\/(heads|tags)\//, "").replace(/^refs\//, ""),
    headRef,
    baseRef,
    actor: str(field(p, "sender", "login")) ?? "octocat",
  };
}

// Input defaults may use `${{ <context>.<property> }}`. The runner's expression language has no JavaScript
// implementation to reuse; action.yml defaults in practice only read a context value (`github.token`),
// so property lookups are supported and anything else is refused loudly rather than guessed.
function evaluate(template: string, contexts: Record<string, string>, input: string): string {
  return template.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const value = contexts[expression];
    if (value === undefined) {
      throw new Error(
        `action.yml input "${input}": the harness cannot evaluate \`\${{ ${expression} }}\` ` +
          `(known: ${Object.keys(contexts).join(", ")}); pass the input explicitly`,
      );
    }
    return value;
  });
}

function spawnStep(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so a timeout also ends whatever the action started (git, a shell, ...).
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      reject(
        new Error(
          `the action did not finish within ${options.timeoutMs} ms and was killed.\n` +
            `stdout (end):\n${stdout.slice(-2000)}\nstderr (end):\n${stderr.slice(-2000)}`,
        ),
      );
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // A process killed by a signal counts as a failed step, as on the runner.
      resolvePromise({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
