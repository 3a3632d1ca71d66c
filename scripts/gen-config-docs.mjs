#!/usr/bin/env node
// Writes docs/config.md from shared/upkeep.schema.json. Run after changing the schema:
//   node scripts/gen-config-docs.mjs          (write)
//   node scripts/gen-config-docs.mjs --check  (exit 1 when docs/config.md is stale)
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "docs", "config.md");
const { renderConfigDocs } = await tsImport("@upkeep/shared/config/docs.ts", import.meta.url);
const text = renderConfigDocs();

if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== text) {
    console.error("docs/config.md is stale: run node scripts/gen-config-docs.mjs");
    process.exit(1);
  }
  console.log("docs/config.md is up to date");
} else {
  await writeFile(target, text);
  console.log("wrote docs/config.md");
}
