import { auditHistory, auditIssues, renderAuditHistoryCsv, renderAuditHistoryMarkdown } from "../../audits/index.js";
import { clockFromEnv } from "../../environment.js";
import { InputError } from "../../errors.js";
import { createGitHubClient } from "../../github/client.js";
import { listIssueSnapshots, type RestIssue } from "../../plan/rest-issue.js";
import { type CommandRun, EXIT_PASS } from "../command.js";

/**
 * `upkeep audits report --repo owner/name [--csv] [--label audit]`: the audit history of a repository
 * (period, opened, due, closed, by whom, on time or late) as Markdown, or CSV with `--csv`, read through
 * the GitHub API (GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL for GHES). Issues are listed by label
 * (default: the first label of the first configured audit, else `audit`) and recognised by their marker.
 * Exit 2 when the repository or token is missing or the API fails.
 */
export const auditsReportRun: CommandRun = {
  async run(ctx, _args, options) {
    const repo = typeof options.repo === "string" ? options.repo : ctx.env.GITHUB_REPOSITORY;
    const m = repo ? /^([\w.-]+)\/([\w.-]+)$/.exec(repo) : null;
    if (!m) {
      throw new InputError(repo ? `--repo "${repo}" is not owner/name` : "no repository given", {
        hint: "pass --repo owner/name (or set GITHUB_REPOSITORY)",
      });
    }
    const token = ctx.env.GITHUB_TOKEN || ctx.env.GH_TOKEN;
    if (!token) {
      throw new InputError("GITHUB_TOKEN is not set", {
        hint: "export GITHUB_TOKEN with read access to the repository's issues (GITHUB_API_URL for GitHub Enterprise Server)",
      });
    }
    let label = typeof options.label === "string" ? options.label : undefined;
    if (!label) {
      const audits = (await ctx.loadConfig()).config.audits;
      label = audits[0]?.labels[0] ?? "audit";
    }
    const client = createGitHubClient({
      token,
      logger: ctx.logger,
      ...(ctx.env.GITHUB_API_URL ? { baseUrl: ctx.env.GITHUB_API_URL } : {}),
    });
    const owner = m[1]!;
    const name = m[2]!;
    const snapshots = await listIssueSnapshots(client, { owner, repo: name, labels: label });
    // Listing does not say who closed an issue; the single-issue endpoint does.
    const audit = new Set(auditIssues(snapshots).map((a) => a.issue.number));
    for (const s of snapshots) {
      if (s.state !== "closed" || !audit.has(s.number) || s.closedBy) continue;
      const full = await client.rest.issues.get({ owner, repo: name, issue_number: s.number });
      s.closedBy = (full.data as RestIssue).closed_by?.login ?? null;
    }
    ctx.logger.debug(`${snapshots.length} issue(s) labelled ${label}, ${audit.size} audit issue(s)`);
    const rows = auditHistory(snapshots, clockFromEnv(ctx.env).now());
    ctx.stdout(
      options.csv ? renderAuditHistoryCsv(rows) : renderAuditHistoryMarkdown(rows, `Audit history of ${owner}/${name}`),
    );
    return EXIT_PASS;
  },
};
