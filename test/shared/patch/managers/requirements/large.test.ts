import { requirementsManager } from "@upkeep/shared/patch/managers/requirements/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-pin hashed requirements.txt", async () => {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    lines.push(`pkg-${i}==1.${i}.0 \\`, `    --hash=sha256:${"01".repeat(32)}`, `    # via pkg-${(i + 1) % 10_000}`);
  }
  const parsed = await requirementsManager.parse("requirements.txt", `${lines.join("\n")}\n`, {
    readSibling: async () => undefined,
  });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages[1]).toMatchObject({ line: 4, direct: false, dependencies: ["pkg-0@1.0.0"] });
});
