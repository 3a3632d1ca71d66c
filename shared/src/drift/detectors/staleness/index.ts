import picomatch from "picomatch";
import type { Finding } from "../../../report/model.js";
import { driftFinding } from "../../findings.js";
import type { DriftDetector } from "../../types.js";

const ID = "staleness";
const DAY = 86_400;

function parseLine(line: string | undefined): { hash: string; time: number } | undefined {
  const [hash, time] = (line ?? "").trim().split(" ");
  if (!hash || !time) return undefined;
  return { hash, time: Number(time) };
}

/**
 * `staleness`: for each `drift.staleness.mapping` entry (`docs` glob → `code` glob), a doc whose code
 * has changed since the doc last did, by at least `maxCommitsBehind` commits (default 20) or with the
 * newest code change at least `maxDaysBehind` days (default 90) after the doc's last change, gets a
 * warning. History comes from `git log` per path (GitPort); without git, or for a doc not committed
 * yet, nothing is reported.
 */
export const stalenessDetector: DriftDetector = {
  id: ID,
  description: "docs whose mapped code changed much more recently than they did (git history)",
  defaultEnabled: true,
  needsGit: true,
  rules: [
    {
      id: "drift/staleness/stale-doc",
      name: "StaleDoc",
      shortDescription: "A doc's code changed much more recently than the doc (commits or days behind).",
      defaultLevel: "warning",
    },
  ],
  example: {
    files: { "docs/a.md": "# A\n" },
    expectRules: [],
  },
  async run(ctx) {
    const { mapping, maxCommitsBehind, maxDaysBehind } = ctx.config.staleness;
    const findings: Finding[] = [];
    const git = ctx.git;
    if (!git || mapping.length === 0) return { findings, fixes: [] };
    for (const entry of mapping) {
      const isDoc = picomatch(entry.docs);
      const docs = ctx.workspace.files.filter((f) => isDoc(f));
      for (const doc of docs) {
        const last = parseLine(await git.run(["log", "-1", "--format=%H %ct", "--", doc]));
        if (!last) continue;
        const out = await git.run(["log", "--format=%H %ct", `${last.hash}..HEAD`, "--", `:(glob)${entry.code}`]);
        const commits = out.split("\n").filter((l) => l.trim() !== "");
        if (commits.length === 0) continue;
        const newest = parseLine(commits[0]);
        const days = newest ? Math.floor((newest.time - last.time) / DAY) : 0;
        if (commits.length < maxCommitsBehind && days < maxDaysBehind) continue;
        const since = new Date(last.time * 1000).toISOString().slice(0, 10);
        findings.push(
          driftFinding({
            rule: "drift/staleness/stale-doc",
            level: "warning",
            title: `${doc} may be stale`,
            message: `${doc} last changed on ${since} (${last.hash.slice(0, 7)}); since then ${entry.code} has ${commits.length} commit(s), the newest ${days} day(s) later (limits: ${maxCommitsBehind} commits, ${maxDaysBehind} days). Review the doc against the code and commit any update.`,
            file: doc,
            line: 1,
            key: entry.code,
            properties: { code: entry.code, commitsBehind: commits.length, daysBehind: days, docCommit: last.hash },
          }),
        );
      }
    }
    return { findings, fixes: [] };
  },
};
