#!/usr/bin/env node
// Refreshes shared/src/patch/eol/release-cycles.json, the release table patch-check judges runtime end of
// life by, from endoflife.date's API v1: GET <url>/api/v1/products/<product> for nodejs, python, go, ruby
// and php, each a ProductResponse whose result.releases[] carry `name` (the cycle), `isEol` and `eolFrom`.
// Not run in tests or CI against the real site; tests serve the same shape from 127.0.0.1.
//
//   node scripts/refresh-eol.mjs                    fetch from https://endoflife.date and rewrite the table
//   node scripts/refresh-eol.mjs --url <base>       the same API from another server (a mirror or a proxy)
//   node scripts/refresh-eol.mjs --from <dir>       read <dir>/<product>.json instead: a saved API v1 response,
//                                                   or the older API's /api/<product>.json array of {cycle, eol}
//   --out <file>          write the table there instead of the committed file
//   --dry-run             print the table instead of writing it
//   --date <YYYY-MM-DD>   the table's `retrieved` date (default: today; UPKEEP_NOW fixes the clock)
//
// Exit 0 when written; 2 when a product cannot be fetched or read, or an option is wrong: the message names
// the product, the URL or file and what was wrong, and the table is left unchanged.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { root } from "./tools.mjs";

export const PRODUCTS = ["nodejs", "python", "go", "ruby", "php"];
export const DEFAULT_URL = "https://endoflife.date";
export const TABLE_FILE = join(root, "shared/src/patch/eol/release-cycles.json");
const SOURCE = `https://endoflife.date (products ${PRODUCTS.join(", ")}); refresh with \`node scripts/refresh-eol.mjs\``;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class RefreshError extends Error {}

/**
 * The release cycles of one product, newest first as endoflife.date lists them: `{ cycle, eol }` with `eol`
 * the end-of-life date, `false` while supported with no date set, or `true` when past end of life with no
 * date known. Reads an API v1 ProductResponse or an API v0 array. Throws RefreshError naming `where`.
 */
export function cyclesFrom(doc, where) {
  let releases;
  if (Array.isArray(doc)) {
    releases = doc.map((c, i) => ({ cycle: c?.cycle, eol: c?.eol, at: `[${i}]` }));
  } else if (Array.isArray(doc?.result?.releases)) {
    releases = doc.result.releases.map((r, i) => ({
      cycle: r?.name,
      eol: r?.eolFrom ?? r?.isEol,
      at: `result.releases[${i}]`,
    }));
  } else {
    throw new RefreshError(
      `${where}: not an endoflife.date product (expected an API v1 response with result.releases, or an array of cycles)`,
    );
  }
  if (releases.length === 0) throw new RefreshError(`${where}: lists no release cycles`);
  return releases.map(({ cycle, eol, at }) => {
    const name = typeof cycle === "number" ? String(cycle) : cycle;
    if (typeof name !== "string" || name.trim() === "") {
      throw new RefreshError(`${where}: ${at} has no cycle name`);
    }
    if (!(typeof eol === "boolean" || (typeof eol === "string" && DATE.test(eol)))) {
      throw new RefreshError(
        `${where}: ${at} (cycle ${name}) has end of life ${JSON.stringify(eol)}, not a YYYY-MM-DD date or a boolean`,
      );
    }
    return { cycle: name, eol };
  });
}

/** The table as committed: two-space JSON with one `{ "cycle", "eol" }` object per line. */
export function formatTable(table) {
  const head = Object.entries(table)
    .filter(([key]) => key !== "runtimes")
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const runtimes = Object.entries(table.runtimes).map(
    ([name, cycles]) =>
      `    ${JSON.stringify(name)}: [\n${cycles
        .map((c) => `      { "cycle": ${JSON.stringify(c.cycle)}, "eol": ${JSON.stringify(c.eol)} }`)
        .join(",\n")}\n    ]`,
  );
  return `{\n${head.join("\n")}\n  "runtimes": {\n${runtimes.join(",\n")}\n  }\n}\n`;
}

async function fetchProduct(base, product) {
  const url = `${base.replace(/\/+$/, "")}/api/v1/products/${product}`;
  let res;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(20_000) });
  } catch (err) {
    throw new RefreshError(`${url}: ${err?.cause?.message ?? err?.message ?? err}`);
  }
  if (!res.ok) throw new RefreshError(`${url}: HTTP ${res.status}`);
  try {
    return { doc: await res.json(), where: url };
  } catch {
    throw new RefreshError(`${url}: the response is not JSON`);
  }
}

function readProduct(dir, product) {
  const file = join(dir, `${product}.json`);
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new RefreshError(`${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  }
  try {
    return { doc: JSON.parse(text), where: file };
  } catch (err) {
    throw new RefreshError(`${file}: not JSON (${err.message})`);
  }
}

function today(env) {
  const now = env.UPKEEP_NOW ? new Date(env.UPKEEP_NOW) : new Date();
  if (Number.isNaN(now.getTime())) throw new RefreshError(`UPKEEP_NOW=${env.UPKEEP_NOW} is not a date`);
  return now.toISOString().slice(0, 10);
}

/** Runs the command line `argv`; returns the exit code. */
export async function main(argv, env = process.env, out = process.stdout, err = process.stderr) {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          url: { type: "string" },
          from: { type: "string" },
          out: { type: "string" },
          date: { type: "string" },
          "dry-run": { type: "boolean" },
        },
      }));
    } catch (e) {
      throw new RefreshError(
        `${e.message}; usage: node scripts/refresh-eol.mjs [--url <base> | --from <dir>] [--out <file>] [--date YYYY-MM-DD] [--dry-run]`,
      );
    }
    if (values.url && values.from) throw new RefreshError("give --url or --from, not both");
    if (values.date !== undefined && !DATE.test(values.date)) {
      throw new RefreshError(`--date ${values.date} is not YYYY-MM-DD`);
    }
    const file = values.out ? resolve(values.out) : TABLE_FILE;
    const current = JSON.parse(readFileSync(TABLE_FILE, "utf8"));
    const runtimes = {};
    for (const product of PRODUCTS) {
      const { doc, where } = values.from
        ? readProduct(resolve(values.from), product)
        : await fetchProduct(values.url ?? DEFAULT_URL, product);
      runtimes[product] = cyclesFrom(doc, where);
    }
    const table = {
      source: SOURCE,
      retrieved: values.date ?? today(env),
      ...(current.note ? { note: current.note } : {}),
      runtimes,
    };
    const text = formatTable(table);
    if (values["dry-run"]) {
      out.write(text);
      return 0;
    }
    writeFileSync(file, text);
    const counts = PRODUCTS.map((p) => `${p} ${runtimes[p].length}`).join(", ");
    out.write(`refresh-eol: wrote ${file} (${counts} cycles)\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof RefreshError)) throw e;
    err.write(`refresh-eol: ${e.message}; the table is unchanged\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  process.exitCode = await main(process.argv.slice(2));
