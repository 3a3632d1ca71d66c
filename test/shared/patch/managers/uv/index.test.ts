import { InputError } from "@upkeep/shared/errors.js";
import { uvManager } from "@upkeep/shared/patch/managers/uv/index.js";
import type { ManagerContext } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

const ctx: ManagerContext = { readSibling: async () => undefined };
const REG = 'source = { registry = "https://pypi.org/simple" }';

// A uv workspace as `uv lock` 0.5+ writes it: an editable root with an extra and a dev group, a virtual
// member, two versions of one package (so references carry a version), and non-registry sources.
const WORKSPACE = `version = 1
revision = 1
requires-python = ">=3.11"
resolution-markers = [
    "python_full_version >= '3.12'",
    "python_full_version < '3.12'",
]

[manifest]
members = [
    "app",
    "tools",
]

[[package]]
name = "anyio"
version = "4.6.2"
${REG}
dependencies = [
    { name = "idna" },
    { name = "sniffio" },
]
sdist = { url = "https://files.pythonhosted.org/packages/anyio-4.6.2.tar.gz", hash = "sha256:0", size = 1 }

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "anyio" },
    { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
    { name = "numpy", version = "2.1.3", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
    { name = "mylocal" },
]

[package.optional-dependencies]
socks = [
    { name = "pysocks" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[package.metadata]
requires-dist = [{ name = "anyio", specifier = ">=4" }]

[[package]]
name = "idna"
version = "3.10"
${REG}

[[package]]
name = "iniconfig"
version = "2.0.0"
${REG}

[[package]]
name = "mylocal"
version = "0.0.1"
source = { directory = "../mylocal" }

[[package]]
name = "numpy"
version = "1.26.4"
${REG}

[[package]]
name = "numpy"
version = "2.1.3"
${REG}

[[package]]
name = "pysocks"
version = "1.7.1"
${REG}

[[package]]
name = "pytest"
version = "8.3.3"
${REG}
dependencies = [
    { name = "iniconfig" },
]

[[package]]
name = "rich"
version = "13.9.4"
source = { git = "https://github.com/Textualize/rich?rev=v13#0123456789abcdef" }

[[package]]
name = "sniffio"
version = "1.3.1"
${REG}

[[package]]
name = "tools"
source = { virtual = "tools" }
dependencies = [
    { name = "rich" },
]
`;

describe("uv.lock workspace", async () => {
  const parsed = await uvManager.parse("uv.lock", WORKSPACE, ctx);
  const byId = new Map(parsed.packages.map((p) => [p.id, p]));

  it.each([
    ["anyio@4.6.2", "prod", true, 15],
    ["idna@3.10", "prod", false, 49],
    ["sniffio@1.3.1", "prod", false, 92],
    ["numpy@1.26.4", "prod", true, 64],
    ["numpy@2.1.3", "prod", true, 69],
    ["pysocks@1.7.1", "optional", true, 74],
    ["pytest@8.3.3", "dev", true, 79],
    ["iniconfig@2.0.0", "dev", false, 54],
  ])("%s is %s, direct=%s, at line %i", (id, group, direct, line) => {
    expect(byId.get(id)).toMatchObject({ ecosystem: "PyPI", group, direct, line });
  });

  it("keeps the dependency graph, resolving versioned references to the right entry", () => {
    expect(byId.get("anyio@4.6.2")?.dependencies).toEqual(["idna@3.10", "sniffio@1.3.1"]);
    expect(parsed.packages).toHaveLength(8);
  });

  it("skips workspace members, directory and git packages with the reason", () => {
    expect(parsed.skipped.map((s) => [s.name, s.reason])).toEqual([
      ["app", "workspace package (editable .)"],
      ["mylocal", "local path dependency (../mylocal)"],
      ["rich", "git dependency (https://github.com/Textualize/rich?rev=v13#0123456789abcdef)"],
      ["tools", "workspace package (virtual tools)"],
    ]);
    expect(parsed.formatVersion).toBe("1");
  });
});

describe("uv.lock bad input", () => {
  it.each([
    ["version = 2", `version = 2\n`, /uv\.lock: unsupported uv\.lock: version = 2/],
    ["no version", `[[package]]\nname = "a"\nversion = "1"\n${REG}\n`, /no top-level `version`/],
    ["truncated", `version = 1\n[[package]]\nname = "a`, /uv\.lock:3:\d+: not valid TOML/],
    [
      "registry package without version",
      `version = 1\n[[package]]\nname = "a"\n${REG}\n`,
      /uv\.lock:2: `package\[0\]\.version` should be a string/,
    ],
    [
      "dependencies not an array",
      `version = 1\n[[package]]\nname = "a"\nversion = "1"\n${REG}\ndependencies = "b"\n`,
      /`package\[0\]\.dependencies` should be/,
    ],
  ])("%s fails closed", async (_label, text, message) => {
    const error = await uvManager.parse("uv.lock", text, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});
