import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { InputError } from "@upkeep/shared/errors.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { createOsvOfflineSource } from "@upkeep/shared/patch/datasources/osv-offline/offline-source.js";
import { packageKey } from "@upkeep/shared/patch/datasources/types.js";
import type { PackageRef } from "@upkeep/shared/patch/types.js";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { osvFixtureDir } from "../../../../fixtures/osv/index.js";

const lodash: PackageRef = { ecosystem: "npm", name: "lodash", version: "4.17.11" };
const lodashFixed: PackageRef = { ecosystem: "npm", name: "lodash", version: "4.17.21" };
const jinja: PackageRef = { ecosystem: "PyPI", name: "jinja2", version: "3.1.2" };
const tokio: PackageRef = { ecosystem: "crates.io", name: "tokio", version: "1.20.1" };

const ids = (list: { id: string }[] | undefined) => (list ?? []).map((r) => r.id).sort();

let dir: string;
function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), data);
}
function fixture(id: string): Uint8Array {
  return readFileSync(join(osvFixtureDir, `${id}.json`));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "upkeep-osv-offline-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("offline OSV database", () => {
  it("reads a folder of OSV files and returns the records that affect each version", async () => {
    const fixtures = nodeFileSystem(dirname(osvFixtureDir));
    const result = await createOsvOfflineSource({ fs: fixtures, path: "osv" }).query([
      lodash,
      lodashFixed,
      jinja,
      tokio,
    ]);
    expect(ids(result.byPackage.get(packageKey(lodash)))).toEqual([
      "GHSA-35jh-r3h4-6jhm",
      "GHSA-jf85-cpcp-j695",
      "GHSA-p6mc-m468-83gw",
    ]);
    expect(result.byPackage.get(packageKey(lodashFixed))).toEqual([]);
    // The records spell it Jinja2 and jinja2; the lockfile says jinja2.
    expect(ids(result.byPackage.get(packageKey(jinja)))).toEqual(["GHSA-h5c8-rqwp-cp95", "GHSA-h75v-3vvj-5mfj"]);
    expect(ids(result.byPackage.get(packageKey(tokio)))).toEqual(["GHSA-7rrj-xr53-82p7"]);
  });

  it("returns every record naming the package when matching is left to the caller", async () => {
    const fixtures = nodeFileSystem(dirname(osvFixtureDir));
    const result = await createOsvOfflineSource({ fs: fixtures, path: "osv", match: false }).query([lodashFixed]);
    expect(ids(result.byPackage.get(packageKey(lodashFixed)))).toEqual([
      "GHSA-35jh-r3h4-6jhm",
      "GHSA-jf85-cpcp-j695",
      "GHSA-p6mc-m468-83gw",
    ]);
  });

  it("reads osv.dev's all.zip, directly or inside a folder, nested folders included", async () => {
    const zip = zipSync({
      "GHSA-c2qf-rxjj-qqgw.json": fixture("GHSA-c2qf-rxjj-qqgw"),
      "GHSA-xvch-5gv4-984h.json": fixture("GHSA-xvch-5gv4-984h"),
      "README.txt": strToU8("not a record"),
    });
    write("db/npm/all.zip", zip);
    write("db/PyPI/deep/GHSA-9wx4-h78v-vm56.json", fixture("GHSA-9wx4-h78v-vm56"));
    const fs = nodeFileSystem(dir);
    const semver: PackageRef = { ecosystem: "npm", name: "semver", version: "6.0.0" };
    const minimist: PackageRef = { ecosystem: "npm", name: "minimist", version: "1.2.5" };
    const requests: PackageRef = { ecosystem: "PyPI", name: "Requests", version: "2.31.0" };

    const direct = await createOsvOfflineSource({ fs, path: "db/npm/all.zip" }).query([semver, minimist]);
    expect(ids(direct.byPackage.get(packageKey(semver)))).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
    expect(ids(direct.byPackage.get(packageKey(minimist)))).toEqual(["GHSA-xvch-5gv4-984h"]);

    const folder = await createOsvOfflineSource({ fs, path: "db" }).query([semver, requests]);
    expect(ids(folder.byPackage.get(packageKey(semver)))).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
    expect(ids(folder.byPackage.get(packageKey(requests)))).toEqual(["GHSA-9wx4-h78v-vm56"]);
  });

  it("names the file when a record is malformed JSON", async () => {
    write("bad/ok.json", fixture("GHSA-c2qf-rxjj-qqgw"));
    write("bad/sub/broken.json", '{"id": "X-1", "modified": ');
    const err = await createOsvOfflineSource({ fs: nodeFileSystem(dir), path: "bad" })
      .query([lodash])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location?.file).toBe("bad/sub/broken.json");
    expect((err as Error).message).toMatch(/not valid JSON/);
  });

  it("names the entry inside the zip when a zipped file is not an OSV record", async () => {
    write("notosv/all.zip", zipSync({ "a.json": strToU8('{"hello": "world"}') }));
    await expect(
      createOsvOfflineSource({ fs: nodeFileSystem(dir), path: "notosv/all.zip" }).query([lodash]),
    ).rejects.toThrow(/notosv\/all\.zip!\/a\.json: not an OSV record/);
  });

  it("reads a single OSV file", async () => {
    const fixtures = nodeFileSystem(dirname(osvFixtureDir));
    const result = await createOsvOfflineSource({ fs: fixtures, path: "osv/GHSA-7rrj-xr53-82p7.json" }).query([
      tokio,
      lodash,
    ]);
    expect(ids(result.byPackage.get(packageKey(tokio)))).toEqual(["GHSA-7rrj-xr53-82p7"]);
    expect(result.byPackage.get(packageKey(lodash))).toEqual([]);
  });

  it("says so when the folder is missing", async () => {
    await expect(createOsvOfflineSource({ fs: nodeFileSystem(dir), path: "nowhere" }).query([lodash])).rejects.toThrow(
      /nowhere: OSV database folder does not exist/,
    );
  });

  it.each([
    ["a name that climbs out of the archive", { "../escape.json": strToU8("{}") }, {}, /points outside the archive/],
    ["an absolute name", { "/etc/x.json": strToU8("{}") }, {}, /points outside the archive/],
    [
      "more entries than allowed",
      {
        "a.json": fixture("GHSA-c2qf-rxjj-qqgw"),
        "b.json": fixture("GHSA-c2qf-rxjj-qqgw"),
        "c.json": fixture("GHSA-c2qf-rxjj-qqgw"),
      },
      { maxEntries: 2 },
      /more than 2 entries/,
    ],
    [
      "a bomb that inflates past the cap",
      { "bomb.json": new Uint8Array(4 * 1024 * 1024) },
      { maxUncompressedBytes: 512 * 1024 },
      /expands to more than 524288 bytes/,
    ],
  ])("refuses an evil zip: %s", async (_what, files, limits, message) => {
    write("evil/all.zip", zipSync(files, { level: 1 }));
    const err = await createOsvOfflineSource({ fs: nodeFileSystem(dir), path: "evil/all.zip", ...limits })
      .query([lodash])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location?.file).toBe("evil/all.zip");
    expect((err as Error).message).toMatch(message);
  });

  it("refuses a file that is not a zip", async () => {
    write("junk/all.zip", strToU8("this is not a zip file at all"));
    await expect(
      createOsvOfflineSource({ fs: nodeFileSystem(dir), path: "junk/all.zip" }).query([lodash]),
    ).rejects.toThrow(InputError);
  });
});
