import { ExternalServiceError } from "@upkeep/shared/errors.js";
import { outdatedInfo } from "@upkeep/shared/patch/datasources/registries/outdated.js";
import { versionSources } from "@upkeep/shared/patch/datasources/registries/registry.js";
import type { RegistryOptions } from "@upkeep/shared/patch/datasources/registries/registry-http.js";
import { type Release, UnknownPackageError } from "@upkeep/shared/patch/datasources/types.js";
import type { Ecosystem } from "@upkeep/shared/patch/types.js";
import { schemeForEcosystem } from "@upkeep/shared/patch/versioning/registry.js";
import { afterEach, describe, expect, it } from "vitest";
import { type RegistryStandIn, registryStandIns, startCratesStandIn } from "../../../../stand-ins/registries/index.js";

const NOW = new Date("2024-06-10T12:00:00Z");

interface Row {
  id: string;
  name: string;
  /** Version spelling per ecosystem: [1.0.0, 1.0.1, 1.0.2, 1.1.0, 1.1.1, 1.2.0-beta, 2.0.0, 2.1.0]. */
  versions: [string, string, string, string, string, string, string, string];
  /** What the registry says about the yanked 1.0.2: a flag, or it is gone from the list, or nothing. */
  yank: "flag" | "hidden" | "none";
  /** Whether the registry can mark 1.1.1 deprecated (npm deprecated, Packagist abandoned). */
  deprecation: boolean;
}

const rows: Row[] = [
  {
    id: "npm",
    name: "@acme/widget",
    versions: ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.1", "1.2.0-beta.1", "2.0.0", "2.1.0"],
    yank: "hidden",
    deprecation: true,
  },
  {
    id: "pypi",
    name: "Acme_Widget",
    versions: ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.1", "1.2.0b1", "2.0.0", "2.1.0"],
    yank: "flag",
    deprecation: false,
  },
  {
    id: "crates",
    name: "acme-widget",
    versions: ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.1", "1.2.0-beta.1", "2.0.0", "2.1.0"],
    yank: "flag",
    deprecation: false,
  },
  {
    id: "goproxy",
    name: "github.com/Acme/Widget",
    versions: [
      "v1.0.0",
      "v1.0.1",
      "v1.0.2",
      "v1.1.0",
      "v1.1.1",
      "v1.2.0-beta.1",
      "v2.0.0+incompatible",
      "v2.1.0+incompatible",
    ],
    yank: "none",
    deprecation: false,
  },
  {
    id: "packagist",
    name: "acme/widget",
    versions: ["v1.0.0", "v1.0.1", "v1.0.2", "v1.1.0", "v1.1.1", "v1.2.0-beta1", "v2.0.0", "v2.1.0"],
    yank: "hidden",
    deprecation: true,
  },
  {
    id: "rubygems",
    name: "acme_widget",
    versions: ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.1", "1.2.0.beta1", "2.0.0", "2.1.0"],
    yank: "hidden",
    deprecation: false,
  },
];

const DATES = [
  "2023-01-01T00:00:00.000Z",
  "2023-02-01T00:00:00.000Z",
  "2023-02-15T00:00:00.000Z",
  "2023-03-01T00:00:00.000Z",
  "2023-03-15T00:00:00.000Z",
  "2023-04-01T00:00:00.000Z",
  "2023-05-01T00:00:00.000Z",
  "2024-06-08T00:00:00.000Z", // two days before NOW: inside a 7-day cooldown
];

function seedFor(row: Row): Release[] {
  return row.versions.map((version, i) => ({
    version,
    publishedAt: DATES[i]!,
    ...(i === 2 ? { yanked: true } : {}),
    ...(i === 4 ? { deprecated: true } : {}),
  }));
}

let running: RegistryStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function start(id: string, options: { token?: string } = {}): Promise<RegistryStandIn> {
  const s = await registryStandIns[id]!(options);
  running.push(s);
  return s;
}

function create(id: string, options: Partial<RegistryOptions> & { url: string }) {
  return versionSources.get(id)!.create({ fetch, retries: 0, ...options });
}

it("covers every registered version source", () => {
  expect(rows.map((r) => r.id).sort()).toEqual([...versionSources.keys()].sort());
  expect(Object.keys(registryStandIns).sort()).toEqual([...versionSources.keys()].sort());
});

describe.each(rows)("$id registry", (row) => {
  const entry = versionSources.get(row.id)!;
  const ecosystem: Ecosystem = entry.ecosystem;

  it("reads every release with its publish time, yanked and deprecated marks", async () => {
    const registry = await start(row.id);
    registry.seed(row.name, seedFor(row));
    const releases = await create(row.id, { url: registry.url }).releases(row.name);
    const byVersion = new Map(releases.map((r) => [r.version, r]));

    const expected = row.versions.filter((_v, i) => !(i === 2 && row.yank === "hidden"));
    expect([...byVersion.keys()].sort()).toEqual([...expected].sort());
    row.versions.forEach((v, i) => {
      const r = byVersion.get(v);
      if (!r) return;
      expect(Date.parse(r.publishedAt!), `${v} publishedAt`).toBe(Date.parse(DATES[i]!));
      expect(r.yanked === true, `${v} yanked`).toBe(i === 2 && row.yank === "flag");
      expect(r.deprecated === true, `${v} deprecated`).toBe(i === 4 && row.deprecation);
    });
  });

  it("gives the latest patch, minor and major above the installed version, honouring a 7-day cooldown", async () => {
    const registry = await start(row.id);
    registry.seed(row.name, seedFor(row));
    const releases = await create(row.id, { url: registry.url }).releases(row.name);
    const scheme = schemeForEcosystem(ecosystem);
    const info = outdatedInfo(row.versions[0], releases, scheme.compare, {
      now: NOW,
      cooldownDays: 7,
      isPrerelease: scheme.isPrerelease,
    });
    const yankedStillListed = row.yank === "none";
    expect(info.latestPatch?.version).toBe(yankedStillListed ? row.versions[2] : row.versions[1]);
    expect(info.latestMinor?.version).toBe(row.deprecation ? row.versions[3] : row.versions[4]);
    expect(info.latestMajor?.version).toBe(row.versions[6]);
    expect(info.latest?.version).toBe(row.versions[6]);
    expect(info.cooldownSkipped).toEqual([row.versions[7]]);

    const noCooldown = outdatedInfo(row.versions[0], releases, scheme.compare, { now: NOW, cooldownDays: 0 });
    expect(noCooldown.latestMajor?.version).toBe(row.versions[7]);
  });

  it("throws UnknownPackageError for a package the registry does not have", async () => {
    const registry = await start(row.id);
    const err = await create(row.id, { url: registry.url })
      .releases(row.name)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownPackageError);
    expect(err).toMatchObject({ ecosystem, packageName: row.name, registry: registry.url });
  });

  it("reports a private registry's 401 with the registry's name and a hint to set a token", async () => {
    const registry = await start(row.id, { token: "s3cret-token" });
    registry.seed(row.name, seedFor(row));
    const err = await create(row.id, { url: registry.url })
      .releases(row.name)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ status: 401 });
    expect((err as Error).message).toContain(registry.url);
    expect((err as ExternalServiceError).hint).toMatch(/set a token/);

    const ok = await create(row.id, { url: registry.url, token: "s3cret-token" }).releases(row.name);
    expect(ok.length).toBeGreaterThan(0);
    expect(registry.requests.at(-1)!.headers.authorization).toBe("Bearer s3cret-token");
  });

  it("turns a garbage answer into an ExternalServiceError", async () => {
    const registry = await start(row.id);
    registry.seed(row.name, seedFor(row));
    registry.fault({ body: "<html>proxy login</html>", times: Number.POSITIVE_INFINITY });
    await expect(create(row.id, { url: registry.url }).releases(row.name)).rejects.toThrow(ExternalServiceError);
  });
});

describe("registry specifics", () => {
  it("npm: asks for the full packument, with the scope's slash encoded", async () => {
    const npm = await start("npm");
    npm.seed("@acme/widget", [{ version: "1.0.0", publishedAt: DATES[0]! }]);
    await create("npm", { url: npm.url }).releases("@acme/widget");
    expect(npm.requests[0]!.path).toBe("/@acme%2Fwidget");
    expect(npm.requests[0]!.headers.accept).toBe("application/json");
  });

  it("Go proxy: case-encodes module paths and versions", async () => {
    const proxy = await start("goproxy");
    proxy.seed("github.com/BurntSushi/toml", [{ version: "v1.3.2", publishedAt: DATES[0]! }]);
    const releases = await create("goproxy", { url: proxy.url }).releases("github.com/BurntSushi/toml");
    expect(releases.map((r) => r.version)).toEqual(["v1.3.2"]);
    expect(Date.parse(releases[0]!.publishedAt!)).toBe(Date.parse(DATES[0]!));
    expect(proxy.requests.map((r) => r.path)).toEqual([
      "/github.com/!burnt!sushi/toml/@v/list",
      "/github.com/!burnt!sushi/toml/@v/v1.3.2.info",
    ]);
  });

  it("crates.io: sends a User-Agent naming the tool and follows next_page", async () => {
    const crates = await startCratesStandIn({ pageSize: 2 });
    running.push(crates);
    crates.seed(
      "serde",
      ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4"].map((version) => ({ version, publishedAt: DATES[0]! })),
    );
    const releases = await create("crates", { url: crates.url }).releases("serde");
    expect(releases.map((r) => r.version).sort()).toEqual(["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4"]);
    expect(crates.requests).toHaveLength(3);
    expect(crates.requests[0]!.headers["user-agent"]).toMatch(/^upkeep/);
    const anonymous = await create("crates", { url: crates.url, userAgent: "node" })
      .releases("serde")
      .catch((e: unknown) => e);
    expect(anonymous).toMatchObject({ status: 403 });
  });

  it("retries a registry's 503 before answering", async () => {
    const pypi = await start("pypi");
    pypi.seed("requests", [{ version: "2.32.3", publishedAt: DATES[0]! }]);
    pypi.fault({ status: 503 });
    const releases = await create("pypi", { url: pypi.url, retries: 2, backoffMs: 1 }).releases("requests");
    expect(releases.map((r) => r.version)).toEqual(["2.32.3"]);
    expect(pypi.requests).toHaveLength(2);
  });
});
