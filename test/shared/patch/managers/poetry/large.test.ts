import { poetryManager } from "@upkeep/shared/patch/managers/poetry/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-package poetry.lock", async () => {
  const parts: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    parts.push(
      `[[package]]\nname = "pkg-${i}"\nversion = "1.${i}.0"\ndescription = "generated"\noptional = false\npython-versions = ">=3.8"\ngroups = ["${i % 5 === 0 ? "dev" : "main"}"]\nfiles = [\n    {file = "pkg_${i}-1.${i}.0-py3-none-any.whl", hash = "sha256:${"ab".repeat(32)}"},\n]\n\n[package.dependencies]\npkg-${(i + 1) % 10_000} = ">=1"\n`,
    );
  }
  const text = `${parts.join("\n")}\n[metadata]\nlock-version = "2.1"\npython-versions = "^3.10"\ncontent-hash = "x"\n`;
  const parsed = await poetryManager.parse("poetry.lock", text, { readSibling: async () => undefined });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages[9_999]).toMatchObject({ line: 9_999 * 14 + 1, dependencies: ["pkg-0@1.0.0"] });
});
