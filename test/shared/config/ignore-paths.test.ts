import { DEFAULT_IGNORE_PATHS } from "@upkeep/shared/config/ignore-paths.js";
import { upkeepSchema } from "@upkeep/shared/config/schema.js";
import { describe, expect, it } from "vitest";

describe("default ignore paths", () => {
  it.each(["patch", "drift"])(
    "are the schema's default of %s.ignorePaths, so the docs and the engines agree",
    (section) => {
      const node = upkeepSchema.properties?.[section]?.properties?.ignorePaths;
      expect(node?.default).toEqual([...DEFAULT_IGNORE_PATHS]);
    },
  );
});
