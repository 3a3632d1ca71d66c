import { gomodManager } from "@upkeep/shared/patch/managers/gomod/index.js";
import { expect, it } from "vitest";

it("parses a generated go.mod with 10,000 requirements (and a go.sum for go 1.16)", async () => {
  const requires = Array.from(
    { length: 5_000 },
    (_, i) => `\texample.com/mod${i} v1.${i}.0${i % 2 ? " // indirect" : ""}`,
  );
  const sum = Array.from({ length: 5_000 }, (_, i) =>
    [
      `example.com/dep${i} v0.1.0/go.mod h1:x=`,
      `example.com/dep${i} v0.2.${i}/go.mod h1:x=`,
      `example.com/dep${i} v0.2.${i} h1:y=`,
    ].join("\n"),
  );
  const text = `module example.com/big\n\ngo 1.16\n\nrequire (\n${requires.join("\n")}\n)\n`;
  const parsed = await gomodManager.parse("go.mod", text, { readSibling: async () => `${sum.join("\n")}\n` });
  expect(parsed.packages).toHaveLength(10_001); // and the standard library
  expect(parsed.packages.at(-2)).toMatchObject({ name: "example.com/dep4999", version: "v0.2.4999", file: "go.sum" });
  expect(parsed.packages.at(-1)).toMatchObject({ name: "stdlib", version: "v1.16.0", file: "go.mod", line: 3 });
});
