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
 * borg 1.x repositories (`borg:<repository>`): archives from `borg list --json`, data from `borg check
 * --verify-data`, or with a sample `borg extract --dry-run` of the ceil(count × n / t) archives verified
 * longest ago, encryption from `borg info --json`. Runs borg with TZ=UTC: borg 1.x prints archive times in local time without a zone.
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
    const version = /borg\s+(\d+)\./.exec((await proc.run(["borg", "--version"], { env, timeoutMs: 60_000 })).stdout);
    if (version && Number(version[1]) >= 2) {
      throw new InputError(`${set.location}: borg ${version[1]}.x is installed; this backend speaks borg 1.x`, {
        hint: "borg 2 changed its command line (borg -r REPO repo-list …); install borg 1.2 or 1.4 (apt-get install -y borgbackup)",
      });
    }
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
        return list.archives.map((a) => ({
          id: a.id,
          time: new Date(`${(a.start ?? a.time ?? "").replace(/Z$/, "")}Z`),
          label: a.name,
        }));
      },
      async check(subset) {
        if (!subset || subset.snapshots.length === 0) {
          const args = ["check", "--verify-data", repo];
          const r = await proc.run(["borg", ...args], { env, timeoutMs: 24 * 3_600_000 });
          return {
            ok: r.code === 0,
            command: "borg check --verify-data",
            output: r.code === 0 ? "" : relevantOutput(r),
            subset: "all",
          };
        }
        // borg 1.x's --verify-data reads every chunk of the repository whatever archives are named, so a
        // sample reads the picked archives instead, as a restore would: their metadata and every chunk they
        // reference, decrypted and authenticated, nothing written (extract --dry-run).
        const outputs: string[] = [];
        const verified: string[] = [];
        for (const archive of subset.snapshots) {
          const r = await proc.run(["borg", "extract", "--dry-run", `${repo}::${archive.label}`], {
            env,
            timeoutMs: 24 * 3_600_000,
          });
          if (r.code === 0) verified.push(archive.id);
          else outputs.push(`borg extract --dry-run ::${archive.label}:\n${relevantOutput(r)}`);
        }
        const names = subset.snapshots.map((a) => a.label).join(", ");
        return {
          ok: outputs.length === 0,
          command: "borg extract --dry-run",
          output: outputs.join("\n"),
          subset: `${subset.n}/${subset.t}: archive(s) ${names}`,
          verified,
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
