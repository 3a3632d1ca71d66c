// The built patch-check action under Node 24 against the OSV and npm stand-ins: what a user sees in the
// step outputs, the job summary, the annotations and the SARIF/JSON files, and when the step fails.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  lineOf,
  MINIMIST_FIX,
  packageLock,
  runPatchCheckAction,
  standInInputs,
  useServices,
  workspace,
} from "./helpers.js";

const services = useServices();
const LOCK = packageLock({ lodash: "4.17.20", minimist: "1.2.5" });

interface SarifLike {
  runs: Array<{
    results: Array<{
      ruleId: string;
      partialFingerprints: Record<string, string>;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    }>;
  }>;
}

describe.concurrent("actions/patch-check", () => {
  it("fails on overdue vulnerabilities and reports them in outputs, summary, annotations and SARIF", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const result = await runPatchCheckAction({ workspace: ws, inputs: standInInputs(services()) });

    expect(result.exitCode, result.stdout).toBe(1);
    expect(result.outputs).toMatchObject({
      passed: "false",
      vulnerabilities: "2",
      critical: "1",
      high: "1",
      medium: "0",
      low: "0",
      unknown: "0",
      overdue: "2",
      outdated: "0",
      "sarif-file": "upkeep-patch-check.sarif",
      "json-file": "",
    });
    // Default policy: critical within 7 days and high within 30 of the fix's npm release, long past by now.
    expect(result.summary).toContain("GHSA-xvch-5gv4-984h");
    expect(result.summary).toContain("GHSA-35jh-r3h4-6jhm");
    expect(result.summary).toMatch(/\| Error \| 1 \| 1 \|/);
    expect(result.summary).toContain("package-lock.json:");

    const errors = result.annotations.filter((a) => a.level === "error" && a.file === "package-lock.json");
    expect(errors.map((a) => a.line).sort()).toEqual(
      [lineOf(LOCK, '"node_modules/lodash"'), lineOf(LOCK, '"node_modules/minimist"')].sort(),
    );
    const minimist = errors.find((a) => a.title?.includes("minimist"));
    expect(minimist?.message).toContain("Fix: upgrade minimist to 1.2.6");
    expect(minimist?.message).toContain(`fixed since ${MINIMIST_FIX.publishedAt.slice(0, 10)}`);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: "error", message: expect.stringContaining("the patch policy failed") }),
    );

    const sarif = JSON.parse(readFileSync(join(ws, "upkeep-patch-check.sarif"), "utf8")) as SarifLike;
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(["patch/overdue", "patch/overdue"]);
    for (const r of results) {
      expect(Object.values(r.partialFingerprints)[0]).toMatch(/\S{16,}/);
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toBe("package-lock.json");
    }
  });

  it("gives the same SARIF fingerprints on a second identical run (no duplicate alerts)", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const fingerprints = async () => {
      await runPatchCheckAction({ workspace: ws, inputs: standInInputs(services()) });
      const sarif = JSON.parse(readFileSync(join(ws, "upkeep-patch-check.sarif"), "utf8")) as SarifLike;
      return sarif.runs[0]?.results.map((r) => r.partialFingerprints);
    };
    const first = await fingerprints();
    expect(first).toHaveLength(2);
    expect(await fingerprints()).toEqual(first);
  });

  it("passes with fail-on none and deadlines off, still reporting the vulnerabilities as warnings", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "fail-on": "none", deadlines: "critical=off,high=off" },
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ passed: "true", vulnerabilities: "2", overdue: "0" });
    expect(result.annotations.filter((a) => a.level === "error")).toEqual([]);
    expect(result.annotations.filter((a) => a.level === "warning" && a.file === "package-lock.json")).toHaveLength(2);
    expect(result.summary).toContain("✅");
  });

  it("warns with the days left while a finding is within its deadline, and fails on severities without one", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    // Three days after minimist 1.2.6 was published: 4 of the 7 critical days are left. High has no
    // deadline here, so fail-on (high) decides for lodash.
    const now = "2022-03-24T12:00:00Z";
    const inputs = { ...standInInputs(services()), deadlines: "critical=7,high=off" };
    const result = await runPatchCheckAction({ workspace: ws, inputs, now });
    expect(result.exitCode).toBe(1);
    const byPackage = (name: string) => result.annotations.find((a) => a.title?.includes(`in ${name}@`));
    expect(byPackage("minimist")).toMatchObject({ level: "warning" });
    expect(byPackage("minimist")?.message).toContain("4 days left to patch (due 2022-03-28)");
    expect(byPackage("lodash")).toMatchObject({ level: "error" });
    expect(byPackage("lodash")?.message).toContain("at or above the fail-on threshold (high)");
    expect(result.outputs).toMatchObject({ overdue: "0", critical: "1", high: "1" });

    const passing = await runPatchCheckAction({ workspace: ws, inputs: { ...inputs, "fail-on": "critical" }, now });
    expect(passing.exitCode).toBe(0);
  });

  it("reads the policy from .github/upkeep.yml, and inputs override it", async () => {
    const ws = workspace({
      "package-lock.json": LOCK,
      ".github/upkeep.yml": [
        "patch:",
        "  failOn: none",
        "  deadlines:",
        "    critical: 0",
        "    high: 0",
        "  exceptions: []",
        "",
      ].join("\n"),
    });
    const fromConfig = await runPatchCheckAction({ workspace: ws, inputs: standInInputs(services()) });
    expect(fromConfig.exitCode, fromConfig.stdout).toBe(0);
    expect(fromConfig.stdout).toContain("config: .github/upkeep.yml");

    const overridden = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "fail-on": "critical" },
    });
    expect(overridden.exitCode).toBe(1);
    expect(overridden.annotations.filter((a) => a.level === "error" && a.file)).toHaveLength(1);
  });

  it("writes the JSON report with every package scanned, and no SARIF when sarif-file is empty", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "json-file": "reports/patch.json", "sarif-file": "", "fail-on": "none" },
    });
    expect(result.outputs).toMatchObject({ "json-file": "reports/patch.json", "sarif-file": "" });
    expect(existsSync(join(ws, "upkeep-patch-check.sarif"))).toBe(false);
    const json = JSON.parse(readFileSync(join(ws, "reports/patch.json"), "utf8"));
    expect(json.data.packages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ecosystem: "npm", name: "lodash", version: "4.17.20", direct: true, group: "prod" }),
        expect.objectContaining({ ecosystem: "npm", name: "minimist", version: "1.2.5", file: "package-lock.json" }),
      ]),
    );
    expect(json.findings).toHaveLength(2);
  });

  it("scans below working-directory and names files from the repository root", async () => {
    const ws = workspace({ "app/package-lock.json": LOCK });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "working-directory": "app" },
    });
    expect(result.outputs.vulnerabilities).toBe("2");
    const files = result.annotations.filter((a) => a.level === "error" && a.file).map((a) => a.file);
    expect(files).toEqual(["app/package-lock.json", "app/package-lock.json"]);
    const sarif = JSON.parse(readFileSync(join(ws, "upkeep-patch-check.sarif"), "utf8")) as SarifLike;
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      "app/package-lock.json",
    );
  });

  it("masks registry tokens and sends them only to their registry", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const secret = "npm_SecretRegistryToken1234567890";
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "registry-tokens": `npm=${secret}`, "fail-on": "none" },
    });
    expect(result.masks).toContain(secret);
    const logged = `${result.stdout}\n${result.stderr}`
      .split("\n")
      .filter((l) => !l.startsWith("::add-mask::"))
      .join("\n");
    expect(logged).not.toContain(secret);
    const sent = services().npm.requests.filter((r) => String(r.headers.authorization ?? "").includes(secret));
    expect(sent.length).toBeGreaterThan(0);
    expect(services().osv.requests.some((r) => JSON.stringify(r.headers).includes(secret))).toBe(false);
  });
});
