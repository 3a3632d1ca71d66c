import { BACKENDS, backendFor } from "@upkeep/shared/backup/storage/registry.js";
import { describe, expect, it } from "vitest";

/** A location each registered backend must claim (the contract's table: add one per new backend). */
const EXAMPLES: Record<string, string> = {
  local: "backups/db-*.dump.gz",
  s3: "s3://bucket/nightly/",
  restic: "restic:/srv/restic-repo",
  borg: "borg:ssh://backup@host/./repo",
};

/** Where each backend's behaviour is tested against the real thing. */
const TESTED_IN: Record<string, string> = {
  local: "engine.test.ts",
  s3: "s3.test.ts",
  restic: "repositories.test.ts",
  borg: "repositories.test.ts",
};

describe("storage backend contract", () => {
  it.each([...BACKENDS.keys()])("%s: has an example location it alone claims, a description and a test", (id) => {
    const example = EXAMPLES[id];
    expect(example, `add an example location for ${id} to EXAMPLES`).toBeDefined();
    expect(TESTED_IN[id], `name the test file of ${id} in TESTED_IN`).toBeDefined();
    expect(backendFor(example!)?.id).toBe(id);
    for (const [other, loc] of Object.entries(EXAMPLES)) {
      if (other !== id) expect(BACKENDS.get(id)!.claims(loc), `${id} must not claim ${loc}`).toBe(false);
    }
    expect(BACKENDS.get(id)!.description.length).toBeGreaterThan(10);
  });

  it("a scheme nobody serves is not taken for a local path", () => {
    expect(backendFor("gs://bucket/x")).toBeUndefined();
  });
});
