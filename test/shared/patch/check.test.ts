import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@upkeep/shared/errors.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import { runPatchCheck } from "@upkeep/shared/patch/check/index.js";
import { createOsvOfflineSource } from "@upkeep/shared/patch/datasources/osv-offline/offline-source.js";
import type { Release, VersionSource } from "@upkeep/shared/patch/datasources/types.js";
import { DEFAULT_POLICY } from "@upkeep/shared/patch/policy.js";
import { summarize } from "@upkeep/shared/report/model.js";
import { describe, expect, it } from "vitest";
import { packageLock } from "../../actions/patch-check/helpers.js";
import { osvFixtureDir } from "../../fixtures/osv/index.js";
import { memoryFs } from "../../helpers/memory-fs.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const clock = { now: () => NOW };
const offline = () => createOsvOfflineSource({ fs: nodeFileSystem(osvFixtureDir), path: "." });

function pypiRegistry(dates: Record<string, Record<string, string>>): VersionSource {
  return {
    id: "pypi",
    ecosystem: "PyPI",
    async releases(name) {
      const d = dates[name];
      if (!d) return [];
      return Object.entries(d).map(([version, publishedAt]): Release => ({ version, publishedAt }));
    },
  };
}

const REQUIREMENTS = ["requests==2.31.0", "urllib3==1.26.18", "jinja2==3.1.4", "flask==3.0.0", ""].join("\n");

describe("runPatchCheck", () => {
  it("gives every advisory of a package version the one upgrade that fixes them all (packageFix)", async () => {
    const fs = memoryFs({ "package-lock.json": packageLock({ "lodash-es": "4.17.11" }) });
    const report = await runPatchCheck(
      { policy: DEFAULT_POLICY, sources: [offline()], eol: { enabled: false, failOn: "eol", warnDays: 90 } },
      { fs, clock, logger: recordingLogger() },
    );
    const lodash = report.findings.filter((f) => f.properties?.package === "lodash-es");
    // Three advisories fixed in 4.17.14, 4.17.20 and 4.17.21: only 4.17.21 fixes all of them.
    expect(new Set(lodash.map((f) => f.properties?.fixedVersion))).toEqual(new Set(["4.17.14", "4.17.20", "4.17.21"]));
    expect(lodash.map((f) => f.properties?.packageFix)).toEqual(["4.17.21", "4.17.21", "4.17.21"]);
  });

  it("matches pinned requirements against real advisories and applies deadlines from the fix's release date", async () => {
    const fs = memoryFs({ "requirements.txt": REQUIREMENTS });
    const report = await runPatchCheck(
      {
        policy: DEFAULT_POLICY,
        sources: [offline()],
        registries: {
          PyPI: pypiRegistry({
            requests: { "2.32.2": "2024-05-21T00:00:00Z" },
            urllib3: { "1.26.19": "2026-11-20T00:00:00Z" },
          }),
        },
        eol: { enabled: false, failOn: "eol", warnDays: 90 },
      },
      { fs, clock, logger: recordingLogger() },
    );
    const byAdvisory = Object.fromEntries(report.findings.map((f) => [f.properties?.advisory as string, f]));
    // requests 2.31.0: GHSA-9wx4-h78v-vm56 (medium, fixed 2.32.2 released 2024-05-21: far past 90 days).
    expect(byAdvisory["GHSA-9wx4-h78v-vm56"]).toMatchObject({
      rule: "patch/overdue",
      level: "error",
      file: "requirements.txt",
      line: 1,
    });
    // urllib3 1.26.18: GHSA-34jh-p97f-mpxf fixed in 1.26.19, released 6 days ago: within the medium deadline.
    const urllib3 = byAdvisory["GHSA-34jh-p97f-mpxf"];
    expect(urllib3).toMatchObject({ rule: "patch/vulnerability", level: "warning", line: 2 });
    expect(urllib3?.properties?.fixedVersion).toBe("1.26.19");
    expect(urllib3?.message).toContain("84 days left");
    // jinja2 3.1.4 is past both jinja2 advisories; flask has none in the data.
    expect(report.findings.some((f) => f.properties?.package === "jinja2")).toBe(false);
    const data = report.data;
    expect(data.packages).toHaveLength(4);
    expect(data.counts.overdue).toBe(1);
    expect(summarize(report).passed).toBe(false);
  });

  it("shows the dependency path of a transitive finding and the smallest direct upgrade that brings the fix", async () => {
    const lock = {
      name: "app",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "app", dependencies: { a: "1.0.0" } },
        "node_modules/a": { version: "1.0.0", dependencies: { minimist: "1.2.5" } },
        "node_modules/minimist": { version: "1.2.5" },
      },
    };
    const npm: VersionSource = {
      id: "npm",
      ecosystem: "npm",
      async releases(name) {
        if (name === "a") {
          return [
            { version: "1.0.0", dependencies: { minimist: "1.2.5" } },
            { version: "1.0.1", dependencies: { minimist: "~1.2.5" }, deprecated: true },
            { version: "1.1.0", dependencies: { minimist: "^1.2.6" } },
          ];
        }
        return [{ version: "1.2.5" }, { version: "1.2.6", publishedAt: "2022-03-17T00:00:00Z" }];
      },
    };
    const report = await runPatchCheck(
      {
        policy: DEFAULT_POLICY,
        sources: [offline()],
        registries: { npm },
        eol: { enabled: false, failOn: "eol", warnDays: 90 },
      },
      { fs: memoryFs({ "package-lock.json": JSON.stringify(lock, null, 2) }), clock, logger: recordingLogger() },
    );
    const f = report.findings.find((x) => x.properties?.advisory === "GHSA-xvch-5gv4-984h");
    expect(f?.message).toContain("Path: a@1.0.0 > minimist@1.2.5.");
    // 1.0.1 would resolve minimist 1.2.6 too, but it is deprecated: the advice skips it.
    expect(f?.message).toContain("Smallest direct upgrade that brings the fix: a 1.0.0 → 1.1.0.");
    expect(f?.properties?.fixAvailableSince).toEqual({ date: "2022-03-17T00:00:00Z", source: "registry" });
  });

  it("fails closed on a lockfile it cannot read: an error finding naming the file and line, never a pass", async () => {
    const fs = memoryFs({ "Cargo.lock": 'version = 9\n\n[[package]]\nname = "x"\nversion = "1.0.0"\n' });
    const report = await runPatchCheck(
      { policy: DEFAULT_POLICY, sources: [offline()] },
      { fs, clock, logger: recordingLogger() },
    );
    expect(report.findings.map((f) => `${f.rule} ${f.level} ${f.file}:${f.line}`)).toEqual([
      "patch/unreadable-lockfile error Cargo.lock:1",
    ]);
    expect(summarize(report).passed).toBe(false);
  });

  it("names a path that is not a lockfile", async () => {
    const fs = memoryFs({ "README.md": "# hi\n" });
    await expect(
      runPatchCheck(
        { paths: ["README.md"], policy: DEFAULT_POLICY, sources: [offline()] },
        { fs, clock, logger: recordingLogger() },
      ),
    ).rejects.toThrow(InputError);
  });

  it("lists excluded lockfiles as skipped instead of dropping them silently", async () => {
    const fs = memoryFs({ "requirements.txt": REQUIREMENTS, "examples/requirements.txt": "requests==2.0.0\n" });
    const report = await runPatchCheck(
      {
        exclude: ["examples/**"],
        policy: DEFAULT_POLICY,
        sources: [offline()],
        eol: { enabled: false, failOn: "eol", warnDays: 90 },
      },
      { fs, clock, logger: recordingLogger() },
    );
    const data = report.data;
    expect(data.skipped).toContainEqual({ file: "examples/requirements.txt", reason: "excluded by configuration" });
    expect(data.lockfiles.map((l) => l.file)).toEqual(["requirements.txt"]);
  });

  it("in PR mode reports only what the pull request introduces or fixes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "upkeep-pr-"));
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@e.invalid",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@e.invalid",
        },
      });
    git("init", "-q", "-b", "main");
    writeFileSync(join(dir, "requirements.txt"), "requests==2.31.0\nurllib3==1.26.18\n");
    git("add", ".");
    git("commit", "-qm", "base");
    // The PR upgrades urllib3 past GHSA-34jh (1.26.18 is already past GHSA-v845) and adds jinja2 3.1.2 (two advisories).
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "requirements.txt"), "requests==2.31.0\nurllib3==1.26.19\njinja2==3.1.2\n");
    const report = await runPatchCheck(
      {
        policy: DEFAULT_POLICY,
        sources: [offline()],
        pullRequest: { base: "main" },
        eol: { enabled: false, failOn: "eol", warnDays: 90 },
      },
      { fs: nodeFileSystem(dir), git: nodeGit(dir), clock, logger: recordingLogger() },
    );
    const brief = report.findings
      .map((f) => `${f.rule} ${f.properties?.package}@${f.properties?.version} ${f.properties?.advisory}`)
      .sort();
    expect(brief).toEqual(
      [
        "patch/fixed-by-pr urllib3@1.26.18 GHSA-34jh-p97f-mpxf",
        "patch/overdue jinja2@3.1.2 GHSA-h5c8-rqwp-cp95",
        "patch/overdue jinja2@3.1.2 GHSA-h75v-3vvj-5mfj",
      ].sort(),
    );
    const data = report.data;
    expect(data.pullRequest).toEqual({ base: "main", introduced: 2, fixed: 1, unchanged: 1 });
  });
});
