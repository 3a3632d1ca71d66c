/**
 * Differential check of upkeep's release-please layout against release-please itself (issue 9 §4), on real
 * release ranges of the corpus clones:
 *
 *   node_modules/.bin/tsx bench/corpus/release-please-diff.ts [--repos-dir /work/corpus] [--ranges 10]
 *
 * For each repository below, the newest `--ranges` releases (tag prefix detected as `changelog next`
 * does) are rendered twice: by upkeep (`historySections`, layout release-please) and by the release-please
 * npm package's own `parseConventionalCommits` + `DefaultChangelogNotes.buildNotes` on the same commits
 * (`git log previous..tag`, merges left out, as upkeep reads them). The bullets of both are compared as
 * sets (the line as rendered, links included). Prints, per repository, how many ranges agree bullet for
 * bullet and every bullet that only one side has, so each difference can be judged and either fixed or
 * documented in docs/changelog.md. Nothing leaves the machine.
 */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { historySections, openRepository } from "@upkeep/shared/changelog/repository.js";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
// release-please is a devDependency of the test workspace package (the anchor of this comparison).
import { DefaultChangelogNotes } from "../../test/node_modules/release-please/build/src/changelog-notes/default.js";
import { parseConventionalCommits } from "../../test/node_modules/release-please/build/src/commit.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const reposDir = resolve(arg("--repos-dir", join(import.meta.dirname, "../.work/repos")));
const ranges = Number(arg("--ranges", "10"));
// Repositories whose changelogs release-please (or its layout) writes.
const REPOS = ["googleapis/release-please", "googleapis/release-please-action", "actions/setup-node", "vuejs/core"];

function bullets(markdown: string): string[] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("* "))
    .map((l) => l.trim());
}

function commitsOf(dir: string, from: string | undefined, to: string): Array<{ sha: string; message: string }> {
  const range = from ? [`${from}..${to}`] : [to];
  const out = execFileSync("git", ["-C", dir, "log", "--no-merges", "--format=%H%x00%B%x1e", ...range], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return out
    .split("\x1e")
    .map((r) => r.replace(/^\n+/, ""))
    .filter(Boolean)
    .map((r) => {
      const [sha, message] = r.split("\x00");
      return { sha: sha ?? "", message: (message ?? "").trim() };
    });
}

// release-please logs each commit it cannot parse; the comparison only needs the result.
const quiet = () => undefined;
const SILENT = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet } as unknown as Parameters<
  typeof parseConventionalCommits
>[1];

// The one difference kept on purpose (docs/changelog.md): release-please 17's DefaultChangelogNotes writes
// `refs #n` for a closing reference, where the changelogs release-please wrote in these repositories say
// `closes #n`; upkeep writes `closes`. Counted apart so any other difference stands out.
const sameWord = (b: string) => b.replace(/\), refs \[#/g, "), closes [#");

let agree = 0;
let agreeApartFromRefs = 0;
let total = 0;
for (const name of REPOS) {
  const [owner, repository] = name.split("/") as [string, string];
  const dir = join(reposDir, name.replace("/", "+"));
  const repo = await openRepository(nodeGit(dir), { scheme: { prefix: "v" } });
  const links = { host: "https://github.com", owner, repository };
  const ours = historySections(repo, { links, layout: "release-please" });
  const releases = repo.releases.slice(-ranges).reverse();
  let repoAgree = 0;
  const diffs: string[] = [];
  for (const [i, release] of releases.entries()) {
    const mine = bullets(ours[i] ?? "");
    const commits = commitsOf(dir, release.previous?.name, release.tag.name);
    const parsed = parseConventionalCommits(commits, SILENT);
    const theirs = bullets(
      await new DefaultChangelogNotes({}).buildNotes(parsed, {
        owner,
        repository,
        version: release.tag.version,
        ...(release.previous ? { previousTag: release.previous.name } : {}),
        currentTag: release.tag.name,
        targetBranch: "main",
      }),
    );
    const onlyMine = mine.filter((b) => !theirs.includes(b));
    const onlyTheirs = theirs.filter((b) => !mine.includes(b));
    total++;
    const theirsWord = theirs.map(sameWord);
    if (mine.length === theirsWord.length && mine.every((b) => theirsWord.includes(b))) agreeApartFromRefs++;
    if (onlyMine.length === 0 && onlyTheirs.length === 0) {
      repoAgree++;
      agree++;
      continue;
    }
    diffs.push(`  ${release.tag.name}: ${mine.length} ours, ${theirs.length} release-please`);
    for (const b of onlyMine) diffs.push(`    only upkeep:         ${b}`);
    for (const b of onlyTheirs) diffs.push(`    only release-please: ${b}`);
  }
  console.log(`${name}: ${repoAgree}/${releases.length} release ranges with the same bullets`);
  for (const d of diffs) console.log(d);
}
console.log(
  `all: ${agree}/${total} release ranges with the same bullets; ${agreeApartFromRefs}/${total} apart from "refs"/"closes"`,
);
