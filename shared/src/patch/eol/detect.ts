import { findNodeAtLocation, parseTree } from "jsonc-parser";
import picomatch from "picomatch";
import semver from "semver";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { FileSystemPort } from "../../ports.js";
import { lineAt } from "../../text/line-index.js";

/** Runtimes whose end of life patch-check tracks (endoflife.date product ids). */
export type Runtime = "nodejs" | "python" | "go" | "ruby" | "php";

/** A runtime version the repository declares, and where. */
export interface RuntimeDeclaration {
  runtime: Runtime;
  /** The release cycle: the major for Node.js, `major.minor` for the others. */
  cycle: string;
  /** What the file says, e.g. `>=18`, `node20`, `3.9.18`. */
  declared: string;
  file: string;
  line: number;
  /** What declared it, e.g. `engines.node`, `runs.using`, `actions/setup-node`. */
  via: string;
  /**
   * What the declaration means for end of life: `ships` — the runtime the project is deployed or published
   * on (a Dockerfile `FROM`, a version file, an action's `runs.using`, the job that publishes or deploys);
   * `supports` — the oldest version a library says it supports (`engines.node`, `require.php`, go.mod's `go`);
   * `tests` — a CI job that tests on it (a version matrix, a job that does not publish). Only `ships` can
   * fail; absent means `ships`.
   */
  role?: "ships" | "supports" | "tests";
}

/** Node LTS code names, as `.nvmrc` may say `lts/iron`. */
const NODE_CODENAMES: Record<string, string> = {
  argon: "4",
  boron: "6",
  carbon: "8",
  dubnium: "10",
  erbium: "12",
  fermium: "14",
  gallium: "16",
  hydrogen: "18",
  iron: "20",
  jod: "22",
  krypton: "24",
};

const SETUP_ACTIONS: Array<{ action: string; input: string; runtime: Runtime }> = [
  { action: "actions/setup-node", input: "node-version", runtime: "nodejs" },
  { action: "actions/setup-python", input: "python-version", runtime: "python" },
  { action: "actions/setup-go", input: "go-version", runtime: "go" },
  { action: "ruby/setup-ruby", input: "ruby-version", runtime: "ruby" },
  { action: "shivammathur/setup-php", input: "php-version", runtime: "php" },
];

/**
 * The release cycle a version string names, or undefined when it names none (e.g. `lts/*`, `latest`).
 * Node.js cycles are majors; the others `major.minor`.
 */
export function cycleOf(runtime: Runtime, raw: string): string | undefined {
  const text = raw.trim().replace(/^(v|ruby-|python-|go)/i, "");
  if (runtime === "nodejs") {
    const code = /^lts\/([a-z]+)$/i.exec(text);
    if (code) return NODE_CODENAMES[code[1]!.toLowerCase()];
    const m = /^(\d+)(?:\.(?:\d+|x|\*))*$/.exec(text);
    return m ? String(Number(m[1])) : undefined;
  }
  const m = /^(\d+)\.(\d+)(?:\.(?:\d+|x|\*))?(?:[a-z]+\d*)?$/i.exec(text);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/**
 * The lowest cycle a range admits (`>=18` → 18, `^8.1` → 8.1): the oldest runtime the project says it
 * supports is the one that matters for end of life. Undefined when the range is not understood.
 */
export function lowestCycleOfRange(runtime: Runtime, range: string): string | undefined {
  const normal = range.replace(/,/g, " ").replace(/(^|\s)\|(\s|$)/g, " || ");
  try {
    const min = semver.minVersion(normal);
    if (!min) return undefined;
    return runtime === "nodejs" ? String(min.major) : `${min.major}.${min.minor}`;
  } catch {
    return undefined;
  }
}

function base(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function fromJsonRange(
  text: string,
  file: string,
  path: string[],
  runtime: Runtime,
  via: string,
): RuntimeDeclaration[] {
  const tree = parseTree(text);
  const node = tree ? findNodeAtLocation(tree, path) : undefined;
  if (!node || typeof node.value !== "string") return [];
  const cycle = lowestCycleOfRange(runtime, node.value);
  return cycle
    ? [{ runtime, cycle, declared: node.value, file, line: lineAt(text, node.offset), via, role: "supports" }]
    : [];
}

function fromVersionFile(text: string, file: string, runtime: Runtime): RuntimeDeclaration[] {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (!t || t.startsWith("#")) continue;
    const cycle = cycleOf(runtime, t);
    return cycle ? [{ runtime, cycle, declared: t, file, line: i + 1, via: base(file), role: "ships" }] : [];
  }
  return [];
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
}

function yamlLine(node: YamlNode | null | undefined, lc: LineCounter): number {
  const off = node?.range?.[0];
  return off === undefined ? 1 : lc.linePos(off).line;
}

function fromWorkflow(text: string, file: string): RuntimeDeclaration[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) return [];
  const out: RuntimeDeclaration[] = [];
  const jobs = doc.get("jobs");
  if (!isMap(jobs)) return out;
  for (const jobPair of jobs.items) {
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const matrix = job.getIn(["strategy", "matrix"]);
    const steps = job.get("steps");
    if (!isSeq(steps)) continue;
    const jobText = text.slice(job.range?.[0] ?? 0, job.range?.[1] ?? text.length);
    const ships = PUBLISHES.test(jobText);
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const uses = scalarString(step.get("uses", true));
      if (!uses) continue;
      const setup = SETUP_ACTIONS.find((s) => uses.toLowerCase().startsWith(`${s.action}@`));
      if (!setup) continue;
      const valueNode = step.getIn(["with", setup.input], true) as YamlNode | undefined;
      const values: Array<{ v: string; node: YamlNode | undefined }> = [];
      const direct = scalarString(valueNode);
      const ref = direct ? /^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(direct) : null;
      if (ref && isMap(matrix)) {
        const list = matrix.get(ref[1]!, true);
        if (isSeq(list))
          for (const item of list.items) values.push({ v: scalarString(item) ?? "", node: item as YamlNode });
      } else if (isSeq(valueNode)) {
        for (const item of valueNode.items) values.push({ v: scalarString(item) ?? "", node: item as YamlNode });
      } else if (direct) {
        values.push({ v: direct, node: valueNode });
      }
      for (const { v, node } of values) {
        const cycle = cycleOf(setup.runtime, v) ?? lowestCycleOfRange(setup.runtime, v);
        if (cycle)
          out.push({
            runtime: setup.runtime,
            cycle,
            declared: v,
            file,
            line: yamlLine(node, lc),
            via: setup.action,
            // A job that tests on several versions tests them; one that publishes or deploys ships its version.
            role: ships && values.length === 1 ? "ships" : "tests",
          });
      }
    }
  }
  return out;
}

function fromActionYml(text: string, file: string): RuntimeDeclaration[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) return [];
  const node = doc.getIn(["runs", "using"], true) as YamlNode | undefined;
  const using = scalarString(node);
  const m = using ? /^node(\d+)$/i.exec(using) : null;
  if (!m || !using) return [];
  return [
    {
      runtime: "nodejs",
      cycle: String(Number(m[1])),
      declared: using,
      file,
      line: yamlLine(node, lc),
      via: "runs.using",
      role: "ships",
    },
  ];
}

function fromGoMod(text: string, file: string): RuntimeDeclaration[] {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^go\s+(\d+\.\d+)(?:\.\d+)?\s*(?:\/\/.*)?$/.exec(lines[i]!.trim());
    if (m)
      return [
        {
          runtime: "go",
          cycle: cycleOf("go", m[1]!)!,
          declared: m[1]!,
          file,
          line: i + 1,
          via: "go directive",
          role: "supports",
        },
      ];
  }
  return [];
}

const DOCKER_IMAGES: Array<{ re: RegExp; runtime: Runtime }> = [
  { re: /^(?:docker\.io\/)?(?:library\/)?node:v?(\d+(?:\.\d+)*)/i, runtime: "nodejs" },
  { re: /^(?:docker\.io\/)?(?:library\/)?python:(\d+\.\d+)/i, runtime: "python" },
  { re: /^(?:docker\.io\/)?(?:library\/)?golang:(\d+\.\d+)/i, runtime: "go" },
  { re: /^(?:docker\.io\/)?(?:library\/)?ruby:(\d+\.\d+)/i, runtime: "ruby" },
  { re: /^(?:docker\.io\/)?(?:library\/)?php:(\d+\.\d+)/i, runtime: "php" },
];

/** `FROM node:20-alpine`, `FROM python:3.9-slim AS build`: the runtime a container image is built on. */
function fromDockerfile(text: string, file: string): RuntimeDeclaration[] {
  const out: RuntimeDeclaration[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(line);
    if (!m?.[1]) return;
    for (const img of DOCKER_IMAGES) {
      const v = img.re.exec(m[1])?.[1];
      const cycle = v ? cycleOf(img.runtime, v) : undefined;
      // A dev container's image is the editor's environment, not what is deployed.
      const role = /(^|\/)\.devcontainer\//.test(file) ? "tests" : "ships";
      if (v && cycle) out.push({ runtime: img.runtime, cycle, declared: m[1], file, line: i + 1, via: "FROM", role });
    }
  });
  return out;
}

const TOOL_VERSIONS: Record<string, Runtime> = {
  nodejs: "nodejs",
  node: "nodejs",
  python: "python",
  golang: "go",
  go: "go",
  ruby: "ruby",
  php: "php",
};

/** asdf/mise `.tool-versions`: `nodejs 20.11.1` pins the runtime the project runs on. */
function fromToolVersions(text: string, file: string): RuntimeDeclaration[] {
  const out: RuntimeDeclaration[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const [tool, version] = line.trim().split(/\s+/);
    const runtime = tool ? TOOL_VERSIONS[tool] : undefined;
    const cycle = runtime && version ? cycleOf(runtime, version) : undefined;
    if (runtime && version && cycle)
      out.push({ runtime, cycle, declared: version, file, line: i + 1, via: ".tool-versions", role: "ships" });
  });
  return out;
}

// A job that publishes a package or deploys: the runtime it sets up is the one the release is built with.
const PUBLISHES =
  /\b(npm publish|pnpm publish|yarn npm publish|yarn publish|twine upload|uv publish|poetry publish|cargo publish|gem push|goreleaser|pypa\/gh-action-pypi-publish|changesets\/action|wrangler deploy|vercel deploy|netlify deploy|firebase deploy|flyctl deploy|serverless deploy|sls deploy|cdk deploy)\b/i;

/**
 * Every runtime version the repository declares: package.json `engines.node`, `.nvmrc`, `.node-version`,
 * `runs.using` in action.yml, setup-* steps in workflows (matrix values too), go.mod's `go` line,
 * `.python-version`, `.ruby-version`, composer.json `require.php`. Files that do not parse are ignored
 * here (the manager or the workflow check reports them); `files` limits the walk (default: the whole tree).
 */
export async function detectRuntimes(
  fs: FileSystemPort,
  files?: readonly string[],
  ignorePaths: readonly string[] = [],
): Promise<RuntimeDeclaration[]> {
  const all = files ?? (await fs.walk());
  const isIgnored = ignorePaths.length > 0 ? picomatch([...ignorePaths], { dot: true }) : () => false;
  const out: RuntimeDeclaration[] = [];
  for (const file of all) {
    if (isIgnored(file)) continue; // tests, fixtures, examples: nothing there ships
    const name = base(file);
    const inWorkflows = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(file);
    const wanted =
      inWorkflows ||
      [
        "package.json",
        ".nvmrc",
        ".node-version",
        "action.yml",
        "action.yaml",
        "go.mod",
        ".python-version",
        ".ruby-version",
        ".tool-versions",
        "composer.json",
      ].includes(name) ||
      /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.Dockerfile$/.test(name);
    if (!wanted) continue;
    const text = await fs.readText(file);
    if (inWorkflows) out.push(...fromWorkflow(text, file));
    else if (name === "package.json")
      out.push(...fromJsonRange(text, file, ["engines", "node"], "nodejs", "engines.node"));
    else if (name === "composer.json") out.push(...fromJsonRange(text, file, ["require", "php"], "php", "require.php"));
    else if (name === ".nvmrc" || name === ".node-version") out.push(...fromVersionFile(text, file, "nodejs"));
    else if (name === ".python-version") out.push(...fromVersionFile(text, file, "python"));
    else if (name === ".ruby-version") out.push(...fromVersionFile(text, file, "ruby"));
    else if (name === "action.yml" || name === "action.yaml") out.push(...fromActionYml(text, file));
    else if (name === "go.mod") out.push(...fromGoMod(text, file));
    else if (name === ".tool-versions") out.push(...fromToolVersions(text, file));
    else if (/^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.Dockerfile$/.test(name))
      out.push(...fromDockerfile(text, file));
  }
  return out;
}
