import { InputError } from "../../../errors.js";
import { relevantOutput, toolEnv, toolProcess } from "../repository-tool.js";
import type { RepositoryStore, StorageBackend } from "../types.js";

const ENV = [
  "BORG_PASSPHRASE",
  "BORG_PASSCOMMAND",
  "BORG_PASSPHRASE_FD",
  "BORG_KEY_FILE",
  "BORG_RSH",
  "BORG_BASE_DIR",
  "HOME",
];

interface BorgList {
  archives: { name: string; id: string; time?: string; start?: string }[];
}

/**
 * borg repositories (`borg:<repository>`): archives from `borg list --json`, data from `borg check
 * --verify-data` (with a sample: the newest ceil(count × n / t) archives, `--last`), encryption from
 * `borg info --json`. Runs borg with TZ=UTC: borg 1.x prints archive times in local time without a zone.
 */
export const borgBackend: StorageBackend = {
  id: "borg",
  description: "borg repositories (borg:<repository>): archives for freshness and retention, borg check --verify-data",
  claims: (location) => location.startsWith("borg:"),
  async connect(set, ports) {
    const repo = set.location.slice("borg:".length);
    if (!repo)
      throw new InputError(`${set.location}: no repository`, {
        hint: "write it as borg:/srv/borg-repo or borg:ssh://…",
      });
    const proc = await toolProcess(ports, "borg", "borgbackup");
    const env = toolEnv(ports, ENV, {
      TZ: "UTC",
      BORG_RELOCATED_REPO_ACCESS_IS_OK: "no",
      BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: "yes",
    });
    let archiveCount = 0;
    const run = async (args: string[], what: string) => {
      const r = await proc.run(["borg", ...args], { env, timeoutMs: 600_000 });
      if (r.code !== 0) {
        throw new InputError(`borg ${what} failed for ${repo} (exit ${r.code})`, {
          hint: relevantOutput(r, 5) || "check the repository path and BORG_PASSPHRASE",
        });
      }
      return r.stdout;
    };
    const store: RepositoryStore = {
      kind: "repository",
      location: set.location,
      tool: "borg",
      async snapshots() {
        const list = JSON.parse(await run(["list", "--json", repo], "list")) as BorgList;
        archiveCount = list.archives.length;
        return list.archives.map((a) => ({
          id: a.id,
          time: new Date(`${(a.start ?? a.time ?? "").replace(/Z$/, "")}Z`),
          label: a.name,
        }));
      },
      async check(subset) {
        const last = subset ? Math.max(1, Math.ceil((archiveCount * subset.n) / subset.t)) : undefined;
        const args = ["check", "--verify-data", ...(last ? ["--last", String(last)] : []), repo];
        const r = await proc.run(["borg", ...args], { env, timeoutMs: 24 * 3_600_000 });
        return {
          ok: r.code === 0,
          command: `borg ${args.slice(0, -1).join(" ")}`,
          output: r.code === 0 ? "" : relevantOutput(r),
          subset: last ? `newest ${last} archive(s)` : "all",
        };
      },
      async encryption() {
        const info = JSON.parse(await run(["info", "--json", repo], "info")) as { encryption?: { mode?: string } };
        const mode = info.encryption?.mode;
        return mode && mode !== "none" ? `borg ${mode}` : undefined;
      },
    };
    return store;
  },
};
