import { InputError } from "../../../errors.js";
import { relevantOutput, toolEnv, toolProcess } from "../repository-tool.js";
import type { RepositoryStore, Snapshot, StorageBackend } from "../types.js";

const ENV = [
  "RESTIC_PASSWORD",
  "RESTIC_PASSWORD_FILE",
  "RESTIC_PASSWORD_COMMAND",
  "RESTIC_CACHE_DIR",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "HOME",
];

interface ResticSnapshot {
  id: string;
  short_id?: string;
  time: string;
  hostname?: string;
  paths?: string[];
  summary?: { total_bytes_processed?: number };
}

/**
 * restic repositories (`restic:<repository>`): snapshots from `restic snapshots --json`, data from
 * `restic check --read-data-subset=<part>/<t>` (rotating part) or `--read-data`. Passwords come from
 * RESTIC_PASSWORD / RESTIC_PASSWORD_FILE / RESTIC_PASSWORD_COMMAND. Every restic repository is encrypted.
 */
export const resticBackend: StorageBackend = {
  id: "restic",
  description:
    "restic repositories (restic:<repository>): snapshots for freshness and retention, restic check --read-data(-subset)",
  claims: (location) => location.startsWith("restic:"),
  async connect(set, ports) {
    const repo = set.location.slice("restic:".length);
    if (!repo)
      throw new InputError(`${set.location}: no repository`, {
        hint: "write it as restic:/srv/restic-repo or restic:s3:…",
      });
    const proc = await toolProcess(ports, "restic", "restic");
    const env = toolEnv(ports, ENV);
    if (!env.RESTIC_PASSWORD && !env.RESTIC_PASSWORD_FILE && !env.RESTIC_PASSWORD_COMMAND) {
      throw new InputError(`${set.location}: restic needs the repository password`, {
        hint: "set RESTIC_PASSWORD, RESTIC_PASSWORD_FILE or RESTIC_PASSWORD_COMMAND",
      });
    }
    const store: RepositoryStore = {
      kind: "repository",
      location: set.location,
      tool: "restic",
      async snapshots() {
        const r = await proc.run(["restic", "-r", repo, "snapshots", "--json", "--no-lock"], {
          env,
          timeoutMs: 600_000,
        });
        if (r.code !== 0) {
          throw new InputError(`restic snapshots failed for ${repo} (exit ${r.code})`, {
            hint: relevantOutput(r, 5) || "check the repository path and password",
          });
        }
        const list = JSON.parse(r.stdout || "[]") as ResticSnapshot[];
        return list.map(
          (s): Snapshot => ({
            id: s.id,
            time: new Date(s.time),
            ...(s.summary?.total_bytes_processed !== undefined ? { size: s.summary.total_bytes_processed } : {}),
            label: `${s.short_id ?? s.id.slice(0, 8)} ${s.hostname ?? ""}:${(s.paths ?? []).join(",")}`.trim(),
          }),
        );
      },
      async check(subset) {
        const parts = subset
          ? Array.from({ length: subset.n }, (_, i) => ((subset.run * subset.n + i) % subset.t) + 1)
          : [];
        const args = subset ? parts.map((p) => `--read-data-subset=${p}/${subset.t}`) : ["--read-data"];
        const outputs: string[] = [];
        let ok = true;
        for (const a of args) {
          const command = ["restic", "-r", repo, "check", a];
          const r = await proc.run(command, { env, timeoutMs: 24 * 3_600_000 });
          if (r.code !== 0) {
            ok = false;
            outputs.push(relevantOutput(r));
          }
        }
        return {
          ok,
          command: `restic check ${args.join(" ")}`,
          output: outputs.join("\n"),
          subset: subset ? parts.map((p) => `${p}/${subset.t}`).join(", ") : "all",
        };
      },
      async encryption() {
        return "restic (AES-256-CTR + Poly1305)";
      },
    };
    return store;
  },
};
