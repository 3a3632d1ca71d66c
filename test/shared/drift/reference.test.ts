import { schemaKeyPaths } from "@upkeep/shared/drift/reference.js";
import type { CommandRunner } from "@upkeep/shared/ports.js";
import { describe, expect, it } from "vitest";
import { check, places } from "./helpers.js";

const HELP = `Usage: tool [options]

Options:
  -V, --version        print the version
  -C, --cwd <dir>      run in <dir>
  --format <format>    output format (choices: "text", "json")
  --no-color           no colours
  -h, --help           show help
`;

function runner(stdout: string, code = 0): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async run(command) {
      calls.push([...command]);
      return { stdout, stderr: code ? "boom" : "", code };
    },
  };
}

describe("cli-flags from --help output", () => {
  const docs = {
    "docs/cli.md": [
      "# CLI", // 1
      "", // 2
      "| Flag | Meaning |", // 3
      "| --- | --- |", // 4
      "| `-C, --cwd <dir>` | directory |", // 5
      "| `--format <format>` | format |", // 6
      "| `--output <file>` | removed |", // 7
      "", // 8
      "Use `--no-color` in CI. Also `-V`/`--version` and `-h, --help`.", // 9
    ].join("\n"),
  };
  const config = {
    detectors: { "cli-flags": { sources: [{ command: "node bin/tool.mjs --help" }], docs: ["docs/**"] } },
  };

  it("finds flags both ways through the command runner", async () => {
    const r = runner(HELP);
    const { report } = await check({ ...docs }, { detectors: ["cli-flags"], config }, { runner: r });
    expect(r.calls).toEqual([["node", "bin/tool.mjs", "--help"]]);
    expect(places(report.findings)).toEqual(["drift/cli-flags/documented-but-gone@docs/cli.md:7"]);
  });

  it("a flag only in a fenced example is undocumented", async () => {
    const r = runner(`${HELP}  --dry-run            plan only\n`);
    const text = `${docs["docs/cli.md"]}\n\n\`\`\`sh\ntool --dry-run\n\`\`\`\n`;
    const { report } = await check({ "docs/cli.md": text }, { detectors: ["cli-flags"], config }, { runner: r });
    expect(
      report.findings.filter((f) => f.rule === "drift/cli-flags/undocumented").map((f) => f.properties?.name),
    ).toEqual(["--dry-run"]);
  });

  it("a failing help command is an input error, not a pass", async () => {
    await expect(check(docs, { detectors: ["cli-flags"], config }, { runner: runner("", 1) })).rejects.toThrow(
      /exited with 1/,
    );
  });
});

describe("env-vars from source patterns", () => {
  it("finds variables the code reads but the docs do not name, and the reverse", async () => {
    const { report } = await check(
      {
        "src/a.ts": 'const t = process.env.APP_TOKEN;\nconst d = process.env["APP_DEBUG"];\n',
        "src/b.py": 'import os\nlevel = os.environ.get("APP_LEVEL")\n',
        "README.md":
          "# App\n\n| Variable | Use |\n| --- | --- |\n| `APP_TOKEN` | token |\n| `APP_OLD_FLAG` | gone |\n\nSet `$APP_LEVEL` or `APP_DEBUG=1`. `README` is no variable.\n",
      },
      { detectors: ["env-vars"], config: { detectors: { "env-vars": { sources: [{ files: ["src/**"] }] } } } },
    );
    expect(places(report.findings)).toEqual(["drift/env-vars/documented-but-gone@README.md:6"]);
  });

  it("reports an undocumented variable on the line that reads it", async () => {
    const { report } = await check(
      {
        "src/a.ts": "\n\nconst t = process.env.APP_SECRET_KEY;\n",
        "README.md": "# App\n\nAPP_SECRET_KEY in prose only.\n",
      },
      { detectors: ["env-vars"], config: { detectors: { "env-vars": { sources: [{ files: "src/**" }] } } } },
    );
    expect(places(report.findings)).toEqual(["drift/env-vars/undocumented@src/a.ts:3"]);
  });
});

describe("config-keys from a JSON Schema", () => {
  const schema = JSON.stringify(
    {
      type: "object",
      properties: {
        drift: {
          type: "object",
          properties: {
            docs: { type: "array" },
            detectors: { type: "object", additionalProperties: { type: "object", properties: { enabled: {} } } },
            mapping: { type: "array", items: { type: "object", properties: { code: {} } } },
          },
        },
      },
    },
    null,
    2,
  );

  it("lists every key path with its line, as docs/config.md writes them", () => {
    const paths = schemaKeyPaths("s.json", schema);
    expect(paths.map((p) => p.name)).toEqual([
      "drift",
      "drift.docs",
      "drift.detectors",
      "drift.detectors.<id>.enabled",
      "drift.mapping",
      "drift.mapping[].code",
    ]);
    expect(paths.map((p) => p.line)).toEqual([4, 7, 10, 15, 19, 24]);
  });

  it("checks both ways; dotted names of other things do not claim to be keys", async () => {
    const { report } = await check(
      {
        "schema.json": schema,
        "docs/config.md":
          "# Config\n\n| Key | Meaning |\n| --- | --- |\n| `drift` | x |\n| `drift.docs` | x |\n| `drift.detectors` | x |\n| `drift.detectors.<id>.enabled` | x |\n| `drift.mapping` | x |\n| `drift.stale` | gone |\n\nSee `package.json` and `drift.mapping[].code: src/**`.\n",
      },
      {
        detectors: ["config-keys"],
        config: { detectors: { "config-keys": { sources: [{ schema: "schema.json" }] } } },
      },
    );
    expect(places(report.findings)).toEqual(["drift/config-keys/documented-but-gone@docs/config.md:10"]);
  });
});
