/**
 * Large lockfiles for the patch-check benchmarks, in each format's real layout. The JS formats for the
 * parse benchmark come from test/fixtures/lockfiles/js/generate.ts; this file adds
 *   - package-lock v3 and pnpm v9 with real package names at versions that the committed OSV records
 *     affect (the 10k scan), and
 *   - poetry.lock, Cargo.lock, go.mod, composer.lock, Gemfile.lock and requirements.txt (the parse benchmark).
 * Every generator is deterministic: package i is named after i, at version 1.<i % 50>.<i>, the first 100
 * are direct, and each depends on three others so the graph is wired like a real one.
 */

const DIRECT = 100;
const HEX = (i: number, len: number) =>
  (
    i
      .toString(16)
      .padStart(8, "0")
      .repeat(Math.ceil(len / 8)) as string
  ).slice(0, len);
const INTEGRITY = `sha512-${"A".repeat(86)}==`;

/** One generated package. */
export interface GenPackage {
  name: string;
  version: string;
  /** Indices of its dependencies. */
  deps: number[];
}

function depsOf(i: number, count: number): number[] {
  return [...new Set([1, 2, 3].map((j) => (i * 7 + j * 13) % count))].filter((d) => d !== i);
}

/**
 * Real npm packages at versions that committed OSV records affect (test/fixtures/osv), with the records
 * each one should match. `lodash-amd` and `lodash.defaultsdeep` share GHSA-jf85-cpcp-j695, and `lodash`
 * and `lodash-es` share two more, so each of those advisories must still be fetched once.
 */
export const VULNERABLE_NPM: ReadonlyArray<{ name: string; version: string; advisories: string[] }> = [
  { name: "lodash", version: "4.17.15", advisories: ["GHSA-35jh-r3h4-6jhm", "GHSA-p6mc-m468-83gw"] },
  { name: "lodash-es", version: "4.17.15", advisories: ["GHSA-35jh-r3h4-6jhm", "GHSA-p6mc-m468-83gw"] },
  { name: "lodash-amd", version: "4.17.4", advisories: ["GHSA-jf85-cpcp-j695"] },
  { name: "lodash.defaultsdeep", version: "4.6.0", advisories: ["GHSA-jf85-cpcp-j695"] },
  { name: "minimist", version: "1.2.5", advisories: ["GHSA-xvch-5gv4-984h"] },
  { name: "semver", version: "6.0.0", advisories: ["GHSA-c2qf-rxjj-qqgw"] },
  { name: "ws", version: "7.4.0", advisories: ["GHSA-3h5v-q93c-6h6q"] },
  { name: "json5", version: "2.1.0", advisories: ["GHSA-9c47-m6qq-7p4h"] },
  { name: "axios", version: "0.21.1", advisories: ["GHSA-wf5p-g6vw-rhxx"] },
  { name: "braces", version: "2.3.2", advisories: ["GHSA-grv7-fg5c-xmjg"] },
  { name: "micromatch", version: "4.0.5", advisories: ["GHSA-952p-6rrq-rcjv"] },
  { name: "follow-redirects", version: "1.14.0", advisories: ["GHSA-cxjh-pqwp-8mfp", "GHSA-jchw-25xp-jwwc"] },
  { name: "path-to-regexp", version: "0.1.7", advisories: ["GHSA-9wv6-86v2-598j"] },
  { name: "ip", version: "1.1.8", advisories: ["GHSA-78xj-cgh5-2h22"] },
  // Real names at versions no committed record affects: queried, nothing found.
  { name: "express", version: "4.21.2", advisories: [] },
  { name: "debug", version: "4.4.0", advisories: [] },
];

/**
 * `count` npm packages (`pkg-<i>`, every fifth scoped) with {@link VULNERABLE_NPM} spread evenly through
 * the graph (some direct, most transitive).
 */
export function npmScanGraph(count: number): GenPackage[] {
  const pkgs: GenPackage[] = Array.from({ length: count }, (_, i) => ({
    name: i % 5 === 0 ? `@scope/pkg-${i}` : `pkg-${i}`,
    version: `1.${i % 50}.${i}`,
    deps: depsOf(i, count),
  }));
  const step = Math.floor(count / VULNERABLE_NPM.length);
  VULNERABLE_NPM.forEach((v, k) => {
    const at = k === 0 ? 3 : k * step + 7;
    const p = pkgs[at];
    if (p) Object.assign(p, { name: v.name, version: v.version });
  });
  return pkgs;
}

function tarball(p: GenPackage): string {
  return `https://registry.npmjs.org/${p.name}/-/${p.name.split("/").at(-1)}-${p.version}.tgz`;
}

/** package-lock.json v3 of a graph, everything hoisted; direct: even prod, odd dev. */
export function npmLockfileOf(pkgs: readonly GenPackage[]): string {
  const direct = pkgs.slice(0, DIRECT);
  const spec = (list: readonly GenPackage[]) => Object.fromEntries(list.map((p) => [p.name, `^${p.version}`]));
  const packages: Record<string, unknown> = {
    "": {
      name: "big",
      version: "1.0.0",
      dependencies: spec(direct.filter((_, i) => i % 2 === 0)),
      devDependencies: spec(direct.filter((_, i) => i % 2 === 1)),
    },
  };
  for (const p of pkgs) {
    packages[`node_modules/${p.name}`] = {
      version: p.version,
      resolved: tarball(p),
      integrity: INTEGRITY,
      license: "MIT",
      dependencies: spec(p.deps.map((d) => pkgs[d]!)),
    };
  }
  return `${JSON.stringify({ name: "big", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

function yamlKey(key: string): string {
  return /^[@/]|[:(]/.test(key) ? `'${key}'` : key;
}

/** pnpm-lock.yaml v9 of a graph (importers, packages, snapshots). */
export function pnpmLockfileOf(pkgs: readonly GenPackage[]): string {
  const direct = pkgs.slice(0, DIRECT);
  const lines = [
    "lockfileVersion: '9.0'",
    "",
    "settings:",
    "  autoInstallPeers: true",
    "  excludeLinksFromLockfile: false",
    "",
  ];
  lines.push("importers:", "", "  .:");
  for (const [section, parity] of [
    ["dependencies", 0],
    ["devDependencies", 1],
  ] as const) {
    lines.push(`    ${section}:`);
    for (const p of direct.filter((_, i) => i % 2 === parity))
      lines.push(`      ${yamlKey(p.name)}:`, `        specifier: ^${p.version}`, `        version: ${p.version}`);
  }
  lines.push("", "packages:", "");
  for (const p of pkgs)
    lines.push(
      `  ${yamlKey(`${p.name}@${p.version}`)}:`,
      `    resolution: {integrity: ${INTEGRITY}}`,
      "    engines: {node: '>=18'}",
      "",
    );
  lines.push("snapshots:", "");
  for (const p of pkgs) {
    lines.push(`  ${yamlKey(`${p.name}@${p.version}`)}:`, "    dependencies:");
    for (const d of p.deps) lines.push(`      ${yamlKey(pkgs[d]!.name)}: ${pkgs[d]!.version}`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** A generated lockfile and the sibling files its manager reads. */
export interface GeneratedFile {
  fileName: string;
  text: string;
  siblings: Record<string, string>;
}

function graph(count: number, name: (i: number) => string): GenPackage[] {
  return Array.from({ length: count }, (_, i) => ({
    name: name(i),
    version: `1.${i % 50}.${i}`,
    deps: depsOf(i, count),
  }));
}

/** poetry.lock (lock-version 2.1) with wheel and sdist hashes, plus its pyproject.toml. */
export function generatePoetryLock(count: number): GeneratedFile {
  const pkgs = graph(count, (i) => `py-pkg-${i}`);
  const out = ["# This file is automatically @generated by Poetry 2.1.1 and should not be changed by hand.", ""];
  pkgs.forEach((p, i) => {
    out.push(
      "[[package]]",
      `name = "${p.name}"`,
      `version = "${p.version}"`,
      `description = "Generated package number ${i} for the parse benchmark."`,
      "optional = false",
      'python-versions = ">=3.8"',
      `groups = ["${i < DIRECT && i % 2 ? "dev" : "main"}"]`,
      "files = [",
      `    {file = "${p.name.replaceAll("-", "_")}-${p.version}-py3-none-any.whl", hash = "sha256:${HEX(i, 64)}"},`,
      `    {file = "${p.name.replaceAll("-", "_")}-${p.version}.tar.gz", hash = "sha256:${HEX(i + 1, 64)}"},`,
      "]",
      "",
      "[package.dependencies]",
      ...p.deps.map((d) => `${pkgs[d]!.name} = ">=${pkgs[d]!.version}"`),
      "",
    );
  });
  out.push("[metadata]", 'lock-version = "2.1"', 'python-versions = "^3.10"', `content-hash = "${"0".repeat(64)}"`, "");
  const main = pkgs.slice(0, DIRECT).filter((_, i) => i % 2 === 0);
  const dev = pkgs.slice(0, DIRECT).filter((_, i) => i % 2 === 1);
  const pyproject = [
    "[tool.poetry.dependencies]",
    'python = "^3.10"',
    ...main.map((p) => `${p.name} = "^${p.version}"`),
    "",
    "[tool.poetry.group.dev.dependencies]",
    ...dev.map((p) => `${p.name} = "^${p.version}"`),
    "",
  ].join("\n");
  return { fileName: "poetry.lock", text: out.join("\n"), siblings: { "pyproject.toml": pyproject } };
}

/** Cargo.lock (version 4): a root crate depending on the first 100, every crate from crates.io. */
export function generateCargoLock(count: number): GeneratedFile {
  const pkgs = graph(count, (i) => `crate-${i}`);
  const out = [
    "# This file is automatically @generated by Cargo.",
    "# It is not intended for manual editing.",
    "version = 4",
    "",
  ];
  out.push(
    "[[package]]",
    'name = "app"',
    'version = "0.1.0"',
    "dependencies = [",
    ...pkgs.slice(0, DIRECT).map((p) => ` "${p.name}",`),
    "]",
    "",
  );
  pkgs.forEach((p, i) => {
    out.push(
      "[[package]]",
      `name = "${p.name}"`,
      `version = "${p.version}"`,
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      `checksum = "${HEX(i, 64)}"`,
      "dependencies = [",
      ...p.deps.map((d) => ` "${pkgs[d]!.name}",`),
      "]",
      "",
    );
  });
  return { fileName: "Cargo.lock", text: out.join("\n"), siblings: {} };
}

/** go.mod (go 1.22): the first 100 direct, the rest `// indirect`, in two require blocks as go mod tidy writes. */
export function generateGoMod(count: number): GeneratedFile {
  const pkgs = graph(count, (i) => `github.com/org${i % 97}/module-${i}`);
  const line = (p: GenPackage, indirect: boolean) => `\t${p.name} v${p.version}${indirect ? " // indirect" : ""}`;
  const text = [
    "module example.com/app",
    "",
    "go 1.22",
    "",
    "require (",
    ...pkgs.slice(0, DIRECT).map((p) => line(p, false)),
    ")",
    "",
    "require (",
    ...pkgs.slice(DIRECT).map((p) => line(p, true)),
    ")",
    "",
  ].join("\n");
  return { fileName: "go.mod", text, siblings: {} };
}

/** composer.lock as Composer 2 writes it (4-space JSON), plus composer.json. */
export function generateComposerLock(count: number): GeneratedFile {
  const pkgs = graph(count, (i) => `vendor${i % 89}/package-${i}`);
  const entry = (p: GenPackage, i: number) => ({
    name: p.name,
    version: p.version,
    source: { type: "git", url: `https://github.com/${p.name}.git`, reference: HEX(i, 40) },
    dist: {
      type: "zip",
      url: `https://api.github.com/repos/${p.name}/zipball/${HEX(i, 40)}`,
      reference: HEX(i, 40),
      shasum: "",
    },
    require: { php: ">=8.1", ...Object.fromEntries(p.deps.map((d) => [pkgs[d]!.name, `^${pkgs[d]!.version}`])) },
    type: "library",
    autoload: { "psr-4": { [`Vendor${i}\\Package${i}\\`]: "src/" } },
    "notification-url": "https://packagist.org/downloads/",
    license: ["MIT"],
    description: `Generated package number ${i} for the parse benchmark.`,
    time: "2024-01-01T00:00:00+00:00",
  });
  const isDev = (i: number) => i < DIRECT && i % 2 === 1;
  const doc = {
    _readme: [
      "This file locks the dependencies of your project to a known state",
      "This file is @generated automatically",
    ],
    "content-hash": "0".repeat(32),
    packages: pkgs.flatMap((p, i) => (isDev(i) ? [] : [entry(p, i)])),
    "packages-dev": pkgs.flatMap((p, i) => (isDev(i) ? [entry(p, i)] : [])),
    aliases: [],
    "minimum-stability": "stable",
    "stability-flags": {},
    "prefer-stable": false,
    "prefer-lowest": false,
    platform: { php: ">=8.1" },
    "platform-dev": {},
    "plugin-api-version": "2.6.0",
  };
  const direct = pkgs.slice(0, DIRECT);
  const composerJson = JSON.stringify(
    {
      name: "example/app",
      require: Object.fromEntries(direct.filter((_, i) => !isDev(i)).map((p) => [p.name, `^${p.version}`])),
      "require-dev": Object.fromEntries(direct.filter((_, i) => isDev(i)).map((p) => [p.name, `^${p.version}`])),
    },
    null,
    4,
  );
  return {
    fileName: "composer.lock",
    text: `${JSON.stringify(doc, null, 4).replaceAll("/", "\\/")}\n`,
    siblings: { "composer.json": composerJson },
  };
}

/** Gemfile.lock with a GEM section, PLATFORMS, DEPENDENCIES (the first 100) and BUNDLED WITH, plus the Gemfile. */
export function generateGemfileLock(count: number): GeneratedFile {
  const pkgs = graph(count, (i) => `gem-${i}`);
  const out = ["GEM", "  remote: https://rubygems.org/", "  specs:"];
  const sorted = pkgs.map((p, i) => ({ p, i })).sort((a, b) => (a.p.name < b.p.name ? -1 : 1));
  for (const { p } of sorted) {
    out.push(`    ${p.name} (${p.version})`);
    for (const d of p.deps) out.push(`      ${pkgs[d]!.name} (>= ${pkgs[d]!.version})`);
  }
  out.push("", "PLATFORMS", "  ruby", "  x86_64-linux", "", "DEPENDENCIES");
  const direct = pkgs.slice(0, DIRECT);
  for (const p of [...direct].sort((a, b) => (a.name < b.name ? -1 : 1))) out.push(`  ${p.name} (~> ${p.version})`);
  out.push("", "BUNDLED WITH", "   2.5.22", "");
  const gemfile = [
    'source "https://rubygems.org"',
    "",
    ...direct.filter((_, i) => i % 2 === 0).map((p) => `gem "${p.name}", "~> ${p.version}"`),
    "",
    "group :development, :test do",
    ...direct.filter((_, i) => i % 2 === 1).map((p) => `  gem "${p.name}", "~> ${p.version}"`),
    "end",
    "",
  ].join("\n");
  return { fileName: "Gemfile.lock", text: out.join("\n"), siblings: { Gemfile: gemfile } };
}

/** requirements.txt as pip-compile writes it: pins with two `--hash` lines and `# via` annotations. */
export function generateRequirementsTxt(count: number): GeneratedFile {
  const pkgs = graph(count, (i) => `py-req-${i}`);
  const parents = new Map<number, number[]>();
  pkgs.forEach((p, i) => {
    for (const d of p.deps) parents.set(d, [...(parents.get(d) ?? []), i]);
  });
  const out = [
    "#",
    "# This file is autogenerated by pip-compile with Python 3.12",
    "# by the following command:",
    "#",
    "#    pip-compile --generate-hashes requirements.in",
    "#",
  ];
  pkgs.forEach((p, i) => {
    out.push(`${p.name}==${p.version} \\`, `    --hash=sha256:${HEX(i, 64)} \\`, `    --hash=sha256:${HEX(i + 1, 64)}`);
    const via = [...(i < DIRECT ? ["-r requirements.in"] : []), ...(parents.get(i) ?? []).map((j) => pkgs[j]!.name)];
    if (via.length === 1) out.push(`    # via ${via[0]}`);
    else if (via.length > 1) out.push("    # via", ...via.map((v) => `    #   ${v}`));
  });
  return { fileName: "requirements.txt", text: `${out.join("\n")}\n`, siblings: {} };
}
