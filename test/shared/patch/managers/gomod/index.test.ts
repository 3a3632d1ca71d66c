import { InputError } from "@upkeep/shared/errors.js";
import { compareGoVersions, gomodManager } from "@upkeep/shared/patch/managers/gomod/index.js";
import type { ManagerContext } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

const ctx = (siblings: Record<string, string> = {}): ManagerContext => ({ readSibling: async (n) => siblings[n] });

const MOD = `// The service.
module github.com/example/svc

go 1.22.3

toolchain go1.23.2

require (
	github.com/gin-gonic/gin v1.10.0
	golang.org/x/net v0.0.0-20211112202133-69e39bad7dc2 // indirect
	github.com/docker/docker v20.10.24+incompatible // indirect; via testcontainers
	"github.com/quoted/mod" v1.0.0
	example.com/forked v1.2.0
	example.com/local v0.1.0
	example.com/excluded v1.0.0 // indirect
)

require github.com/stretchr/testify v1.9.0

exclude example.com/excluded v1.0.0

replace (
	example.com/forked v1.2.0 => github.com/me/forked v1.2.1
	example.com/local => ../local
)

retract [v0.1.0, v0.1.5] // published by mistake
`;

describe("go.mod (go ≥ 1.17: complete)", async () => {
  const parsed = await gomodManager.parse("svc/go.mod", MOD, ctx());

  it.each([
    ["github.com/gin-gonic/gin", "v1.10.0", true, 9],
    ["golang.org/x/net", "v0.0.0-20211112202133-69e39bad7dc2", false, 10],
    ["github.com/docker/docker", "v20.10.24+incompatible", false, 11],
    ["github.com/quoted/mod", "v1.0.0", true, 12],
    ["github.com/me/forked", "v1.2.1", true, 13],
    ["github.com/stretchr/testify", "v1.9.0", true, 18],
  ])(
    "%s %s, direct=%s, line %i (versions kept with v, pseudo and +incompatible as-is)",
    (name, version, direct, line) => {
      expect(parsed.packages.find((p) => p.name === name)).toMatchObject({
        ecosystem: "Go",
        version,
        id: `${name}@${version}`,
        direct,
        line,
        file: "svc/go.mod",
        group: "unknown",
      });
    },
  );

  it("skips local replacements and excluded versions, and reports the go version", () => {
    expect(parsed.packages).toHaveLength(7); // six modules and the standard library
    expect(parsed.skipped).toEqual([
      {
        file: "svc/go.mod",
        line: 14,
        name: "example.com/local",
        reason: "replaced by local directory ../local (go.mod line 24)",
      },
      {
        file: "svc/go.mod",
        line: 15,
        name: "example.com/excluded",
        reason: "version v1.0.0 is excluded by an exclude directive",
      },
    ]);
    expect(parsed.formatVersion).toBe("1.22.3");
  });

  it("does not read go.sum for go ≥ 1.17", async () => {
    const withSum = await gomodManager.parse(
      "svc/go.mod",
      MOD,
      ctx({ "go.sum": "example.com/extra v1.0.0/go.mod h1:x=\n" }),
    );
    expect(withSum.packages.map((p) => p.name)).not.toContain("example.com/extra");
  });

  it("a versioned replace applies only to that version", async () => {
    const text = "module m\n\ngo 1.21\n\nrequire a.com/x v1.0.0\n\nreplace a.com/x v0.9.0 => a.com/x v0.9.1\n";
    const parsed2 = await gomodManager.parse("go.mod", text, ctx());
    expect(parsed2.packages[0]).toMatchObject({ name: "a.com/x", version: "v1.0.0" });
  });
});

describe("go.mod (go ≤ 1.16) with go.sum", () => {
  const MOD16 = "module example.com/old\n\ngo 1.16\n\nrequire github.com/sirupsen/logrus v1.8.1\n";
  const SUM = [
    "github.com/davecgh/go-spew v1.1.0/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=",
    "github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=",
    "github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=",
    "github.com/sirupsen/logrus v1.8.1 h1:dJKuHgqk1NNQlqoA6BTlM1Wf9DOH3NBjQyu0h9+AZZE=",
    "github.com/sirupsen/logrus v1.8.1/go.mod h1:yWOB1SBYBC5VeMP7gHvWumXLIWorT60ONWic61uBYv0=",
    "golang.org/x/sys v0.0.0-20191026070338-33540a1f6037/go.mod h1:h1NjWce9XRLGQEsW7wpKNCjG9DtNlClVuFLEZdDNbEs=",
    "golang.org/x/sys v0.0.0-20220715151400-c0bba94af5f8/go.mod h1:oPkhp1MJrh7nUepCBck5+mAzfO9JrbApNNgaTdGDITg=",
    "",
  ].join("\n");

  it("adds modules go.sum lists but go.mod does not as indirect, at their highest version", async () => {
    const parsed = await gomodManager.parse("go.mod", MOD16, ctx({ "go.sum": SUM }));
    expect(parsed.packages.map((p) => [p.id, p.direct, p.file, p.line])).toEqual([
      ["github.com/sirupsen/logrus@v1.8.1", true, "go.mod", 5],
      ["github.com/davecgh/go-spew@v1.1.1", false, "go.sum", 3],
      ["golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8", false, "go.sum", 7],
      ["stdlib@v1.16.0", true, "go.mod", 3],
    ]);
  });

  it.each([
    ["the toolchain line wins over the go line", "module m\n\ngo 1.22.5\n\ntoolchain go1.22.6\n", "v1.22.6", 5],
    ["the go line (a full version from Go 1.21 on)", "module m\n\ngo 1.23.0\n", "v1.23.0", 3],
    ["a go line without the patch is its .0 release", "module m\n\ngo 1.22\n", "v1.22.0", 3],
  ])(
    "the standard library is the package stdlib, as OSV lists Go's own advisories: %s",
    async (_l, text, version, line) => {
      const parsed = await gomodManager.parse("go.mod", text, ctx());
      expect(parsed.packages.find((p) => p.name === "stdlib")).toMatchObject({
        ecosystem: "Go",
        version,
        line,
        direct: true,
      });
    },
  );

  it("no go directive means go 1.16; a missing go.sum is reported as skipped", async () => {
    const parsed = await gomodManager.parse("m/go.mod", "module m\nrequire a.com/x v1.0.0\n", ctx());
    expect(parsed.formatVersion).toBeUndefined();
    expect(parsed.skipped).toEqual([{ file: "m/go.sum", reason: expect.stringContaining("go.sum not found") }]);
  });

  it.each([
    ["v1.2.3", "v1.10.0", -1],
    ["v0.0.0-20191026070338-33540a1f6037", "v0.0.0-20220715151400-c0bba94af5f8", -1],
    ["v0.0.0-20220715151400-c0bba94af5f8", "v0.1.0", -1],
    ["v2.0.0+incompatible", "v1.9.9", 1],
    ["v1.0.0", "v1.0.0", 0],
  ])("orders %s vs %s as %i", (a, b, sign) => {
    expect(Math.sign(compareGoVersions(a, b))).toBe(sign);
  });
});

describe("go.mod bad input", () => {
  it.each([
    ["an unknown directive", "module m\nfrobnicate x\n", /^go\.mod:2: unknown go\.mod directive "frobnicate"/],
    [
      "an unclosed block (truncated)",
      "module m\n\nrequire (\n\ta.com/x v1.0.0\n",
      /^go\.mod:3: "require \(" block is never closed/,
    ],
    ["an invalid version", "module m\nrequire a.com/x master\n", /^go\.mod:2: invalid module version "master"/],
    ["a go 2 directive", "module m\ngo 2.0\n", /^go\.mod:2: unsupported go directive "go 2\.0"/],
    ["no module line", "go 1.21\n", /^go\.mod: no `module` directive/],
    ["a malformed replace", "module m\nreplace a.com/x v1 v2\n", /^go\.mod:2: usage: replace/],
  ])("%s is an InputError", async (_label, text, message) => {
    const error = await gomodManager.parse("go.mod", text, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it("a malformed go.sum line names go.sum and the line", async () => {
    const error = await gomodManager
      .parse("go.mod", "module m\ngo 1.16\n", ctx({ "go.sum": "ok.com/a v1.0.0/go.mod h1:x=\ngarbage\n" }))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^go\.sum:2: malformed go\.sum line "garbage"/);
  });
});
