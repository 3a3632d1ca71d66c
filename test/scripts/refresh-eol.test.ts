// scripts/refresh-eol.mjs refreshes the runtime end-of-life table from endoflife.date's API v1, here a
// stand-in on 127.0.0.1 (the real site is never contacted: the script runs under the no-network guard), or
// from saved files. What a maintainer relies on: every product's cycles come out with their dates, Ruby 4.0
// among them, in the committed format; a failing product leaves the table as it was.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { eolFindings, type ReleaseTable } from "@upkeep/shared/patch/eol/check.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTable } from "../../scripts/refresh-eol.mjs";
import { tempDir } from "../actions/helpers.js";
import { repoRoot } from "../harness/node24.js";
import { type CycleSeed, productResponse, startEndOfLifeStandIn } from "../stand-ins/endoflife/index.js";
import type { StandIn } from "../stand-ins/registries/http-server.js";

const SCRIPT = join(repoRoot, "scripts", "refresh-eol.mjs");
const GUARD = pathToFileURL(join(repoRoot, "test", "harness", "child-no-network.mjs")).href;
const COMMITTED = join(repoRoot, "shared", "src", "patch", "eol", "release-cycles.json");

// Our own small release lists in endoflife.date's shape (newest first).
const PRODUCTS: Record<string, CycleSeed[]> = {
  nodejs: [
    { cycle: "24", releaseDate: "2025-05-06", eol: "2028-04-30", latest: "24.11.1" },
    { cycle: "22", releaseDate: "2024-04-24", eol: "2027-04-30" },
    { cycle: "0.10", releaseDate: "2013-03-11", eol: "2016-10-31" },
  ],
  python: [
    { cycle: "3.14", releaseDate: "2025-10-07", eol: "2030-10-31" },
    { cycle: "2.7", releaseDate: "2010-07-03", eol: "2020-01-01" },
  ],
  go: [
    { cycle: "1.27", releaseDate: "2026-08-11", eol: false },
    { cycle: "1.26", releaseDate: "2026-02-10", eol: false },
    { cycle: "1.25", releaseDate: "2025-08-12", eol: "2026-08-11" },
  ],
  ruby: [
    { cycle: "4.0", releaseDate: "2025-12-25", eol: "2029-03-31", latest: "4.0.1" },
    { cycle: "3.4", releaseDate: "2024-12-25", eol: "2028-03-31" },
    { cycle: "1.8", releaseDate: "2003-08-04", eol: true },
  ],
  php: [{ cycle: "8.5", releaseDate: "2025-11-20", eol: "2029-12-31" }],
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the script with Node and the no-network guard preloaded (loopback only), the clock fixed. */
function refresh(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", GUARD, SCRIPT, ...args],
      { env: { PATH: process.env.PATH, UPKEEP_NOW: "2026-12-02T09:00:00Z" }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let site: StandIn;
beforeAll(async () => {
  site = await startEndOfLifeStandIn(PRODUCTS);
});
afterAll(async () => {
  await site.close();
});

describe("scripts/refresh-eol.mjs", () => {
  it("reads every product from the API v1 at --url and writes the table: Ruby 4.0 comes out of it", async () => {
    const out = join(tempDir("upkeep-eol-"), "table.json");
    const before = site.requests.length;
    const run = await refresh(["--url", site.url, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("(nodejs 3, python 2, go 3, ruby 3, php 1 cycles)");
    expect(
      site.requests
        .slice(before)
        .map((r) => r.path)
        .sort(),
    ).toEqual(["go", "nodejs", "php", "python", "ruby"].map((p) => `/api/v1/products/${p}`));

    const table = JSON.parse(readFileSync(out, "utf8")) as ReleaseTable;
    expect(table.retrieved).toBe("2026-12-02");
    expect(table.runtimes.ruby).toEqual([
      { cycle: "4.0", eol: "2029-03-31" },
      { cycle: "3.4", eol: "2028-03-31" },
      { cycle: "1.8", eol: true },
    ]);
    expect(table.runtimes.go).toEqual([
      { cycle: "1.27", eol: false },
      { cycle: "1.26", eol: false },
      { cycle: "1.25", eol: "2026-08-11" },
    ]);
    expect(table.runtimes.nodejs.map((c) => c.cycle)).toEqual(["24", "22", "0.10"]);

    // The written table is what patch-check judges by: Ruby 4.0 is known and supported, 1.8 is past.
    const ruby = (cycle: string) => ({
      runtime: "ruby" as const,
      cycle,
      declared: cycle,
      file: ".ruby-version",
      line: 1,
      via: ".ruby-version",
    });
    const now = new Date("2026-12-02T00:00:00Z");
    expect(eolFindings([ruby("4.0")], now, undefined, table)).toEqual([]);
    expect(eolFindings([ruby("1.8")], now, undefined, table)).toEqual([
      expect.objectContaining({ rule: "patch/runtime-eol", level: "error", title: "Ruby 1.8 is past its end of life" }),
    ]);
  });

  it("writes one cycle per line, as the committed table is kept", async () => {
    const run = await refresh(["--url", `${site.url}/`, "--dry-run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('    "ruby": [\n      { "cycle": "4.0", "eol": "2029-03-31" },\n');
    expect(JSON.parse(run.stdout)).toMatchObject({ source: expect.stringContaining("endoflife.date") });
  });

  it("reads saved responses with --from, the API v1 shape or the older array of {cycle, eol}, to the same table", async () => {
    const dir = tempDir("upkeep-eol-from-");
    for (const [product, cycles] of Object.entries(PRODUCTS)) {
      const doc =
        product === "php" || product === "go"
          ? cycles.map((c) => ({ cycle: c.cycle, releaseDate: c.releaseDate, eol: c.eol, latest: c.latest ?? null }))
          : productResponse(product, cycles);
      writeFileSync(join(dir, `${product}.json`), JSON.stringify(doc));
    }
    const fromFiles = await refresh(["--from", dir, "--dry-run"]);
    const fromSite = await refresh(["--url", site.url, "--dry-run"]);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    expect(fromFiles.stdout).toBe(fromSite.stdout);
  });

  it("leaves the table unchanged when a product cannot be fetched, naming its URL and status", async () => {
    const out = join(tempDir("upkeep-eol-"), "table.json");
    writeFileSync(out, "unchanged\n");
    site.fault({ path: "/python", status: 503 });
    const run = await refresh(["--url", site.url, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${site.url}/api/v1/products/python: HTTP 503; the table is unchanged`);
    expect(readFileSync(out, "utf8")).toBe("unchanged\n");
  });

  it("refuses a cycle whose end of life is neither a date nor a boolean, naming the file and the cycle", async () => {
    const dir = tempDir("upkeep-eol-bad-");
    for (const [product, cycles] of Object.entries(PRODUCTS)) {
      writeFileSync(join(dir, `${product}.json`), JSON.stringify(productResponse(product, cycles)));
    }
    const bad = productResponse("ruby", PRODUCTS.ruby!) as { result: { releases: { eolFrom: unknown }[] } };
    bad.result.releases[1]!.eolFrom = "March 2028";
    writeFileSync(join(dir, "ruby.json"), JSON.stringify(bad));
    mkdirSync(join(dir, "unused"), { recursive: true });
    const run = await refresh(["--from", dir, "--dry-run"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${join(dir, "ruby.json")}: result.releases[1] (cycle 3.4) has end of life "March 2028"`,
    );
  });

  it("asks endoflife.date itself by default (refused here by the no-network guard, so nothing leaves the machine)", async () => {
    const run = await refresh(["--dry-run"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("https://endoflife.date/api/v1/products/nodejs:");
    expect(run.stderr).toContain("may only talk to 127.0.0.1");
  });

  it("the committed table is the script's output: its format, and Ruby 4.0 in it", () => {
    const text = readFileSync(COMMITTED, "utf8");
    const table = JSON.parse(text) as ReleaseTable;
    expect(table.runtimes.ruby[0]).toMatchObject({ cycle: "4.0" });
    // Rendered again the way the script writes it, the file is unchanged: it is the script's output.
    expect(formatTable(table as unknown as Parameters<typeof formatTable>[0])).toBe(text);
  });
});
