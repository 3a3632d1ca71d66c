import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { npmUpgradeAdvice } from "@upkeep/shared/patch/upgrade.js";
import { describe, expect, it } from "vitest";

/** A tiny registry: name → version → dependency ranges. */
function registry(data: Record<string, Record<string, Record<string, string>>>) {
  const calls: string[] = [];
  const releasesOf = async (name: string): Promise<Release[] | undefined> => {
    calls.push(name);
    const versions = data[name];
    if (!versions) return undefined;
    return Object.entries(versions).map(([version, dependencies]) => ({ version, dependencies }));
  };
  return { releasesOf, calls };
}

describe("npmUpgradeAdvice", () => {
  const reg = registry({
    express: {
      "4.17.1": { "body-parser": "1.19.0" },
      "4.18.0": { "body-parser": "1.20.0" },
      "4.19.2": { "body-parser": "1.20.2" },
    },
    "body-parser": { "1.19.0": { qs: "6.7.0" }, "1.20.0": { qs: "6.10.3" }, "1.20.2": { qs: "6.11.0" } },
    qs: { "6.7.0": {}, "6.10.3": {}, "6.11.0": {} },
    a: { "1.0.0": { lodash: "^4.17.0" } },
    lodash: { "4.17.15": {}, "4.17.21": {} },
  });

  it("finds the lowest release of the direct dependency whose ranges resolve to the fix, through two hops", async () => {
    expect(
      await npmUpgradeAdvice(["express@4.17.1", "body-parser@1.19.0", "qs@6.7.0"], "6.10.3", reg.releasesOf),
    ).toEqual({
      kind: "direct-upgrade",
      name: "express",
      from: "4.17.1",
      to: "4.18.0",
    });
    expect(
      await npmUpgradeAdvice(["express@4.17.1", "body-parser@1.19.0", "qs@6.7.0"], "6.11.0", reg.releasesOf),
    ).toMatchObject({
      to: "4.19.2",
    });
  });

  it("says a lockfile refresh is enough when the current range already allows the fix", async () => {
    expect(await npmUpgradeAdvice(["a@1.0.0", "lodash@4.17.15"], "4.17.21", reg.releasesOf)).toEqual({
      kind: "refresh",
      name: "a",
      version: "1.0.0",
    });
  });

  it("gives no advice when no release gets there, or for a direct dependency", async () => {
    expect(
      await npmUpgradeAdvice(["express@4.17.1", "body-parser@1.19.0", "qs@6.7.0"], "7.0.0", reg.releasesOf),
    ).toBeUndefined();
    expect(await npmUpgradeAdvice(["qs@6.7.0"], "6.10.3", reg.releasesOf)).toBeUndefined();
    expect(await npmUpgradeAdvice(["unknown@1.0.0", "qs@6.7.0"], "6.10.3", reg.releasesOf)).toBeUndefined();
  });

  it("handles scoped names", async () => {
    const scoped = registry({
      "@org/app": { "1.0.0": { "@org/lib": "1.0.0" }, "1.1.0": { "@org/lib": "^1.1.0" } },
      "@org/lib": { "1.0.0": {}, "1.1.2": {} },
    });
    expect(await npmUpgradeAdvice(["@org/app@1.0.0", "@org/lib@1.0.0"], "1.1.2", scoped.releasesOf)).toEqual({
      kind: "direct-upgrade",
      name: "@org/app",
      from: "1.0.0",
      to: "1.1.0",
    });
  });
});
