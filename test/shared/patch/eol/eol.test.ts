import { eolFindings } from "@upkeep/shared/patch/eol/check.js";
import { cycleOf, detectRuntimes, lowestCycleOfRange } from "@upkeep/shared/patch/eol/detect.js";
import { describe, expect, it } from "vitest";
import { memoryFs } from "../../../helpers/memory-fs.js";

const NOW = new Date("2026-11-26T12:00:00Z");

describe("runtime version parsing", () => {
  it.each([
    ["nodejs", "20", "20"],
    ["nodejs", "v18.19.0", "18"],
    ["nodejs", "lts/iron", "20"],
    ["nodejs", "lts/*", undefined],
    ["nodejs", "20.x", "20"],
    ["python", "3.9.18", "3.9"],
    ["python", "3.13t", "3.13"],
    ["ruby", "ruby-3.1.4", "3.1"],
    ["go", "1.22.5", "1.22"],
    ["php", "8.1", "8.1"],
    ["python", "latest", undefined],
  ] as const)("%s %s -> %s", (runtime, raw, cycle) => {
    expect(cycleOf(runtime, raw)).toBe(cycle);
  });

  it.each([
    ["nodejs", ">=18", "18"],
    ["nodejs", "^20 || ^22", "20"],
    ["nodejs", ">=16.14.0 <23", "16"],
    ["php", "^8.1", "8.1"],
    ["php", ">=7.4, <9", "7.4"],
    ["nodejs", "not a range", undefined],
  ] as const)("range %s %s -> %s", (runtime, range, cycle) => {
    expect(lowestCycleOfRange(runtime, range)).toBe(cycle);
  });
});

describe("detectRuntimes", () => {
  it("finds every declaration with its file and line", async () => {
    const fs = memoryFs({
      "package.json": '{\n  "name": "x",\n  "engines": {\n    "node": ">=18"\n  }\n}\n',
      ".nvmrc": "lts/hydrogen\n",
      "actions/foo/action.yml": "name: foo\nruns:\n  using: node20\n  main: dist/index.js\n",
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    strategy:",
        "      matrix:",
        "        node: [18, 22]",
        "    steps:",
        "      - uses: actions/setup-node@v4",
        "        with:",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a JS template
        "          node-version: ${{ matrix.node }}",
        "      - uses: actions/setup-python@v5",
        "        with:",
        "          python-version: '3.8'",
        "",
      ].join("\n"),
      "go.mod": "module example.com/x\n\ngo 1.21\n",
      ".python-version": "3.12.1\n",
      ".ruby-version": "ruby-3.0.6\n",
      "composer.json": '{"require": {"php": "^8.0"}}',
      "node_modules/dep/package.json": '{"engines": {"node": ">=4"}}',
    });
    const found = await detectRuntimes(fs);
    const brief = found.map((d) => `${d.runtime} ${d.cycle} ${d.file}:${d.line} ${d.via}`).sort();
    expect(brief).toEqual(
      [
        "nodejs 18 package.json:4 engines.node",
        "nodejs 18 .nvmrc:1 .nvmrc",
        "nodejs 20 actions/foo/action.yml:3 runs.using",
        "nodejs 18 .github/workflows/ci.yml:7 actions/setup-node",
        "nodejs 22 .github/workflows/ci.yml:7 actions/setup-node",
        "python 3.8 .github/workflows/ci.yml:14 actions/setup-python",
        "go 1.21 go.mod:3 go directive",
        "python 3.12 .python-version:1 .python-version",
        "ruby 3.0 .ruby-version:1 .ruby-version",
        "php 8.0 composer.json:1 require.php",
      ].sort(),
    );
  });
});

describe("eolFindings", () => {
  const decl = (runtime: "nodejs" | "python" | "go", cycle: string) => ({
    runtime,
    cycle,
    declared: cycle,
    file: "f",
    line: 1,
    via: "test",
  });

  it("fails a runtime past its end of life and names the date and the supported releases", () => {
    const [f] = eolFindings([decl("nodejs", "20")], NOW);
    expect(f?.rule).toBe("patch/runtime-eol");
    expect(f?.level).toBe("error");
    expect(f?.title).toContain("2026-04-30");
    expect(f?.message).toContain("22, 24, 26");
  });

  it("only warns when failOn is none", () => {
    expect(eolFindings([decl("nodejs", "18")], NOW, { failOn: "none", warnDays: 90 })[0]?.level).toBe("warning");
  });

  it("warns with the days left when the end is near", () => {
    const [f] = eolFindings([decl("nodejs", "24")], new Date("2028-03-01T00:00:00Z"));
    expect(f?.rule).toBe("patch/runtime-eol-soon");
    expect(f?.properties?.daysLeft).toBe(60);
  });

  it("says nothing about a supported runtime", () => {
    expect(eolFindings([decl("nodejs", "24"), decl("go", "1.26"), decl("python", "3.13")], NOW)).toEqual([]);
  });

  it("treats a cycle older than the table as past end of life, and a newer one as unknown", () => {
    expect(eolFindings([decl("nodejs", "10")], NOW)[0]?.rule).toBe("patch/runtime-eol");
    expect(eolFindings([decl("nodejs", "99")], NOW)[0]?.rule).toBe("patch/runtime-unknown");
  });
});
