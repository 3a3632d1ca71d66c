// placeScan: where the CLI and the action read when the user names paths outside the folder they run in.
import { homedir } from "node:os";
import { InputError } from "@upkeep/shared/errors.js";
import { placeScan } from "@upkeep/shared/patch/user-paths.js";
import { describe, expect, it } from "vitest";

const folders = new Set(["/work/other", "/work/app"]);
const isDirectory = (abs: string) => folders.has(abs);
const HINT = "give one folder";

describe("placeScan", () => {
  it("leaves paths and an osv-dir inside the folder as they are", () => {
    expect(placeScan("/work/app", { paths: ["sub"], osvDir: "db/osv" }, isDirectory, HINT)).toEqual({
      root: "/work/app",
      overrides: { paths: ["sub"], osvDir: "db/osv" },
    });
  });

  it.each([
    ["../osv", "/work", "osv"],
    ["/srv/data/all.zip", "/srv/data", "all.zip"],
    ["~/osv/npm-all.zip", `${homedir()}/osv`, "npm-all.zip"],
  ])("reads an osv-dir of %s where it is", (osvDir, osvRoot, name) => {
    expect(placeScan("/work/app", { osvDir }, isDirectory, HINT)).toEqual({
      root: "/work/app",
      overrides: { osvDir: name },
      osvRoot,
    });
  });

  it("scans one folder outside as the project; an osv-dir is then placed against that folder", () => {
    expect(placeScan("/work/app", { paths: ["../other"], osvDir: "../other/db" }, isDirectory, HINT)).toEqual({
      root: "/work/other",
      overrides: { osvDir: "db" },
    });
    expect(placeScan("/work/app", { paths: ["../other"], osvDir: "db" }, isDirectory, HINT)).toEqual({
      root: "/work/other",
      overrides: { osvDir: "db" },
      osvRoot: "/work/app",
    });
  });

  it.each([
    [["../other/package-lock.json"], "../other/package-lock.json"],
    [["../other", "sub"], "../other"],
    [["../missing"], "../missing"],
  ])("refuses %j, naming what lies outside", (paths, named) => {
    const run = () => placeScan("/work/app", { paths }, isDirectory, HINT);
    expect(run).toThrow(InputError);
    expect(run).toThrow(`${named} is outside /work/app`);
  });
});
