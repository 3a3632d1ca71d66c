// Records -> GitHub's JSON shapes. `url` fields point at the stand-in's REST root and `html_url` fields at the
// same host without `/repos`, so a client that follows either stays on 127.0.0.1.
import {
  blobSha,
  type CheckRunRecord,
  type CommentRecord,
  type CommitRecord,
  type DeploymentRecord,
  type DeploymentStatusRecord,
  type EnvironmentRecord,
  type GlobalAdvisorySeed,
  type InstallationRecord,
  type IssueRecord,
  type LabelRecord,
  type MilestoneRecord,
  nodeId,
  type PullFileRecord,
  type ReleaseRecord,
  type RepoRecord,
  type StandInState,
  type StatusRecord,
} from "./state.js";

/** Serializes records for one server (base URL fixed at start). */
export class Serializer {
  constructor(
    readonly state: StandInState,
    readonly base: string,
  ) {}

  user(login: string): Record<string, unknown> {
    const u = this.state.user(login);
    // Bot logins contain brackets (`upkeep[bot]`), which GitHub percent-encodes in URLs.
    const path = encodeURIComponent(login);
    const url = `${this.base}/users/${path}`;
    return {
      login,
      id: u.id,
      node_id: nodeId(u.type === "Organization" ? "O" : "U", u.id),
      avatar_url: `${this.base}/avatars/${encodeURIComponent(login)}`,
      gravatar_id: "",
      url,
      html_url: `${this.base}/${path}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: u.type,
      user_view_type: "public",
      site_admin: u.siteAdmin,
    };
  }

  repoUrl(repo: RepoRecord): string {
    return `${this.base}/repos/${repo.owner}/${repo.name}`;
  }

  repoHtml(repo: RepoRecord): string {
    return `${this.base}/${repo.owner}/${repo.name}`;
  }

  /** The `repository` shape (minimal-repository and full-repository share these fields). */
  repository(repo: RepoRecord, full = true): Record<string, unknown> {
    const url = this.repoUrl(repo);
    const openIssues = repo.issues.filter((i) => i.state === "open").length;
    const out: Record<string, unknown> = {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: this.user(repo.owner),
      private: repo.private,
      html_url: this.repoHtml(repo),
      description: repo.description,
      fork: false,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://127.0.0.1/${repo.owner}/${repo.name}.git`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@127.0.0.1:${repo.owner}/${repo.name}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `${this.repoHtml(repo)}.git`,
      mirror_url: null,
      hooks_url: `${url}/hooks`,
      svn_url: this.repoHtml(repo),
      homepage: null,
      language: null,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: 1,
      default_branch: repo.defaultBranch,
      open_issues_count: openIssues,
      is_template: false,
      topics: repo.topics,
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: repo.archived,
      disabled: false,
      visibility: repo.private ? "private" : "public",
      pushed_at: repo.pushedAt,
      created_at: repo.createdAt,
      updated_at: repo.pushedAt,
      permissions: repo.permissions,
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null,
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
    };
    if (full) {
      out.network_count = 0;
      out.subscribers_count = 0;
    }
    return out;
  }

  label(repo: RepoRecord, label: LabelRecord): Record<string, unknown> {
    return {
      id: label.id,
      node_id: nodeId("LA", label.id),
      url: `${this.repoUrl(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: label.description,
      color: label.color,
      default: label.default,
    };
  }

  labelByName(repo: RepoRecord, name: string): Record<string, unknown> {
    const label = repo.labels.find((l) => l.name === name) ?? {
      id: 0,
      name,
      color: "ededed",
      description: null,
      default: false,
    };
    return this.label(repo, label);
  }

  milestone(repo: RepoRecord, m: MilestoneRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/milestones/${m.number}`;
    const issues = repo.issues.filter((i) => i.milestone === m.number);
    return {
      url,
      html_url: `${this.repoHtml(repo)}/milestone/${m.number}`,
      labels_url: `${url}/labels`,
      id: m.id,
      node_id: nodeId("MI", m.id),
      number: m.number,
      state: m.state,
      title: m.title,
      description: m.description,
      creator: this.user(m.creator),
      open_issues: issues.filter((i) => i.state === "open").length,
      closed_issues: issues.filter((i) => i.state === "closed").length,
      created_at: m.createdAt,
      updated_at: m.updatedAt,
      closed_at: m.closedAt,
      due_on: m.dueOn,
    };
  }

  issue(repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/issues/${issue.number}`;
    const milestone = issue.milestone === null ? undefined : repo.milestones.find((m) => m.number === issue.milestone);
    const assignees = issue.assignees.map((a) => this.user(a));
    const out: Record<string, unknown> = {
      url,
      repository_url: this.repoUrl(repo),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.repoHtml(repo)}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
      id: issue.id,
      node_id: issue.nodeId,
      number: issue.number,
      title: issue.title,
      user: this.user(issue.user),
      labels: issue.labels.map((name) => this.labelByName(repo, name)),
      state: issue.state,
      state_reason: issue.stateReason,
      locked: issue.locked,
      assignee: assignees[0] ?? null,
      assignees,
      milestone: milestone ? this.milestone(repo, milestone) : null,
      comments: repo.comments.filter((c) => c.issueNumber === issue.number).length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      author_association: this.association(repo, issue.user),
      active_lock_reason: null,
      body: issue.body,
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      reactions: this.reactions(`${url}/reactions`),
    };
    if (issue.pull) {
      const pullUrl = `${this.repoUrl(repo)}/pulls/${issue.number}`;
      const html = `${this.repoHtml(repo)}/pull/${issue.number}`;
      out.pull_request = {
        url: pullUrl,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        merged_at: issue.pull.mergedAt,
      };
      out.draft = issue.pull.draft;
    }
    return out;
  }

  searchItem(repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
    return { ...this.issue(repo, issue), score: 1 };
  }

  association(repo: RepoRecord, login: string): string {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
    const level = repo.collaborators.get(login);
    if (level === "admin" || level === "maintain" || level === "write") return "COLLABORATOR";
    return "NONE";
  }

  reactions(url: string): Record<string, unknown> {
    return {
      url,
      total_count: 0,
      "+1": 0,
      "-1": 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes: 0,
      rocket: 0,
    };
  }

  comment(repo: RepoRecord, comment: CommentRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/issues/comments/${comment.id}`;
    const issue = repo.issues.find((i) => i.number === comment.issueNumber);
    return {
      id: comment.id,
      node_id: comment.nodeId,
      url,
      html_url: `${this.repoHtml(repo)}/${issue?.pull ? "pull" : "issues"}/${comment.issueNumber}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.repoUrl(repo)}/issues/${comment.issueNumber}`,
      author_association: this.association(repo, comment.user),
      performed_via_github_app: null,
      reactions: this.reactions(`${url}/reactions`),
    };
  }

  gitUser(commit: CommitRecord): Record<string, unknown> {
    return { name: commit.author.name, email: commit.author.email, date: commit.date };
  }

  /** The `commit` shape of list/get commits and compare. */
  commit(repo: RepoRecord, commit: CommitRecord, files?: PullFileRecord[]): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/commits/${commit.sha}`;
    const login = commit.author.login;
    const out: Record<string, unknown> = {
      url,
      sha: commit.sha,
      node_id: nodeId("C", Number.parseInt(commit.sha.slice(0, 8), 16)),
      html_url: `${this.repoHtml(repo)}/commit/${commit.sha}`,
      comments_url: `${url}/comments`,
      commit: {
        url: `${this.repoUrl(repo)}/git/commits/${commit.sha}`,
        author: this.gitUser(commit),
        committer: this.gitUser(commit),
        message: commit.message,
        comment_count: 0,
        tree: {
          sha: blobSha(new TextEncoder().encode(commit.sha)),
          url: `${this.repoUrl(repo)}/git/trees/${commit.sha}`,
        },
        verification: { verified: false, reason: "unsigned", payload: null, signature: null, verified_at: null },
      },
      author: login ? this.user(login) : null,
      committer: login ? this.user(login) : null,
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${this.repoUrl(repo)}/commits/${sha}`,
        html_url: `${this.repoHtml(repo)}/commit/${sha}`,
      })),
    };
    if (files) {
      const additions = files.reduce((n, f) => n + f.additions, 0);
      const deletions = files.reduce((n, f) => n + f.deletions, 0);
      out.stats = { additions, deletions, total: additions + deletions };
      out.files = files.map((f) => this.diffEntry(repo, commit.sha, f));
    }
    return out;
  }

  diffEntry(repo: RepoRecord, sha: string, f: PullFileRecord): Record<string, unknown> {
    const path = f.filename.split("/").map(encodeURIComponent).join("/");
    return {
      sha: blobSha(new TextEncoder().encode(`${sha}:${f.filename}`)),
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      blob_url: `${this.repoHtml(repo)}/blob/${sha}/${path}`,
      raw_url: `${this.repoHtml(repo)}/raw/${sha}/${path}`,
      contents_url: `${this.repoUrl(repo)}/contents/${path}?ref=${sha}`,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
    };
  }

  pull(repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
    const pr = issue.pull!;
    const url = `${this.repoUrl(repo)}/pulls/${issue.number}`;
    const html = `${this.repoHtml(repo)}/pull/${issue.number}`;
    const issueJson = this.issue(repo, issue);
    const branch = (b: { ref: string; sha: string }) => ({
      label: `${repo.owner}:${b.ref}`,
      ref: b.ref,
      sha: b.sha,
      user: this.user(repo.owner),
      repo: this.repository(repo, false),
    });
    const additions = pr.files.reduce((n, f) => n + f.additions, 0);
    const deletions = pr.files.reduce((n, f) => n + f.deletions, 0);
    const link = (href: string) => ({ href });
    return {
      url,
      id: issue.id,
      node_id: nodeId("PR", issue.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueJson.url,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${this.repoUrl(repo)}/pulls/comments{/number}`,
      comments_url: issueJson.comments_url,
      statuses_url: `${this.repoUrl(repo)}/statuses/${pr.head.sha}`,
      number: issue.number,
      state: issue.state,
      locked: issue.locked,
      title: issue.title,
      user: issueJson.user,
      body: issue.body,
      // The pull request schemas type a label's description as a plain string (never null), unlike issues.
      labels: (issueJson.labels as Record<string, unknown>[]).map((l) => ({ ...l, description: l.description ?? "" })),
      milestone: issueJson.milestone,
      active_lock_reason: null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: pr.mergedAt,
      merge_commit_sha: null,
      assignee: issueJson.assignee,
      assignees: issueJson.assignees,
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pr.head),
      base: branch(pr.base),
      _links: {
        self: link(url),
        html: link(html),
        issue: link(String(issueJson.url)),
        comments: link(String(issueJson.comments_url)),
        review_comments: link(`${url}/comments`),
        review_comment: link(`${this.repoUrl(repo)}/pulls/comments{/number}`),
        commits: link(`${url}/commits`),
        statuses: link(`${this.repoUrl(repo)}/statuses/${pr.head.sha}`),
      },
      author_association: issueJson.author_association,
      auto_merge: null,
      draft: pr.draft,
      merged: pr.merged,
      mergeable: pr.merged ? null : true,
      rebaseable: pr.merged ? null : true,
      mergeable_state: pr.merged ? "unknown" : "clean",
      merged_by: null,
      comments: issueJson.comments,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: Math.max(1, this.state.compare(repo, pr.base.sha, pr.head.sha).aheadBy),
      additions,
      deletions,
      changed_files: pr.files.length,
    };
  }

  checkRun(repo: RepoRecord, run: CheckRunRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/check-runs/${run.id}`;
    return {
      id: run.id,
      head_sha: run.headSha,
      node_id: nodeId("CR", run.id),
      external_id: run.externalId,
      url,
      html_url: `${this.repoHtml(repo)}/runs/${run.id}`,
      details_url: run.detailsUrl,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.output.annotationsCount,
        annotations_url: `${url}/annotations`,
      },
      name: run.name,
      check_suite: { id: run.id + 1 },
      app: this.app(),
      pull_requests: [],
    };
  }

  app(): Record<string, unknown> {
    const { app } = this.state;
    const at = "2024-01-01T00:00:00Z";
    return {
      id: app.id,
      slug: app.slug,
      node_id: nodeId("A", app.id),
      client_id: `Iv1.${app.slug}`,
      owner: this.user(app.owner),
      name: app.name,
      description: null,
      external_url: `${this.base}/${app.slug}`,
      html_url: `${this.base}/apps/${app.slug}`,
      created_at: at,
      updated_at: at,
      permissions: { issues: "write", contents: "read", metadata: "read", checks: "write", deployments: "write" },
      events: ["issues", "issue_comment", "push", "deployment_protection_rule"],
    };
  }

  status(repo: RepoRecord, s: StatusRecord): Record<string, unknown> {
    return {
      url: `${this.repoUrl(repo)}/statuses/${s.sha}`,
      avatar_url: null,
      id: s.id,
      node_id: nodeId("SC", s.id),
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      creator: this.user(s.creator),
    };
  }

  deployment(repo: RepoRecord, d: DeploymentRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/deployments/${d.id}`;
    return {
      url,
      id: d.id,
      node_id: nodeId("DE", d.id),
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${url}/statuses`,
      repository_url: this.repoUrl(repo),
      transient_environment: d.transientEnvironment,
      production_environment: d.productionEnvironment,
      performed_via_github_app: null,
    };
  }

  deploymentStatus(repo: RepoRecord, d: DeploymentRecord, s: DeploymentStatusRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/deployments/${d.id}`;
    return {
      url: `${url}/statuses/${s.id}`,
      id: s.id,
      node_id: nodeId("DES", s.id),
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      deployment_url: url,
      repository_url: this.repoUrl(repo),
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: null,
    };
  }

  environment(repo: RepoRecord, env: EnvironmentRecord): Record<string, unknown> {
    const rules: unknown[] = [];
    if (env.waitTimer !== undefined) {
      rules.push({ id: env.id + 1, node_id: nodeId("GA", env.id + 1), type: "wait_timer", wait_timer: env.waitTimer });
    }
    if (env.reviewers && env.reviewers.length > 0) {
      rules.push({
        id: env.id + 2,
        node_id: nodeId("GA", env.id + 2),
        type: "required_reviewers",
        prevent_self_review: false,
        reviewers: env.reviewers.map((login) => ({ type: "User", reviewer: this.user(login) })),
      });
    }
    return {
      id: env.id,
      node_id: nodeId("EN", env.id),
      name: env.name,
      url: `${this.repoUrl(repo)}/environments/${encodeURIComponent(env.name)}`,
      html_url: `${this.repoHtml(repo)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
      created_at: env.createdAt,
      updated_at: env.updatedAt,
      protection_rules: rules,
      deployment_branch_policy: null,
    };
  }

  release(repo: RepoRecord, r: ReleaseRecord): Record<string, unknown> {
    const url = `${this.repoUrl(repo)}/releases/${r.id}`;
    return {
      url,
      html_url: `${this.repoHtml(repo)}/releases/tag/${encodeURIComponent(r.tagName)}`,
      assets_url: `${url}/assets`,
      upload_url: `${this.base}/uploads/repos/${repo.owner}/${repo.name}/releases/${r.id}/assets{?name,label}`,
      tarball_url: `${this.repoUrl(repo)}/tarball/${encodeURIComponent(r.tagName)}`,
      zipball_url: `${this.repoUrl(repo)}/zipball/${encodeURIComponent(r.tagName)}`,
      id: r.id,
      node_id: nodeId("RE", r.id),
      tag_name: r.tagName,
      target_commitish: r.targetCommitish,
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
      immutable: false,
      created_at: r.createdAt,
      published_at: r.publishedAt,
      updated_at: r.publishedAt ?? r.createdAt,
      author: this.user(r.author),
      assets: [],
    };
  }

  installation(inst: InstallationRecord): Record<string, unknown> {
    return {
      id: inst.id,
      account: this.user(inst.account),
      repository_selection: inst.repositorySelection,
      access_tokens_url: `${this.base}/app/installations/${inst.id}/access_tokens`,
      repositories_url: `${this.base}/installation/repositories`,
      html_url: `${this.base}/organizations/${inst.account}/settings/installations/${inst.id}`,
      app_id: this.state.app.id,
      client_id: `Iv1.${this.state.app.slug}`,
      target_id: this.state.user(inst.account).id,
      target_type: inst.accountType,
      permissions: inst.permissions,
      events: inst.events,
      created_at: inst.createdAt,
      updated_at: inst.createdAt,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      app_slug: this.state.app.slug,
      suspended_by: null,
      suspended_at: inst.suspendedAt,
    };
  }

  advisory(a: GlobalAdvisorySeed): Record<string, unknown> {
    const identifiers = a.identifiers ?? [
      { type: "GHSA", value: a.ghsa_id },
      ...(a.cve_id ? [{ type: "CVE", value: a.cve_id }] : []),
    ];
    return {
      ghsa_id: a.ghsa_id,
      cve_id: a.cve_id ?? null,
      url: `${this.base}/advisories/${a.ghsa_id}`,
      html_url: `${this.base}/advisories/${a.ghsa_id}`,
      repository_advisory_url: null,
      summary: a.summary,
      description: a.description ?? null,
      type: a.type ?? "reviewed",
      severity: a.severity,
      source_code_location: null,
      identifiers,
      references: a.references ?? [],
      published_at: a.published_at,
      updated_at: a.updated_at ?? a.published_at,
      github_reviewed_at: a.published_at,
      nvd_published_at: null,
      withdrawn_at: a.withdrawn_at ?? null,
      vulnerabilities: a.vulnerabilities.map((v) => ({
        package: v.package,
        vulnerable_version_range: v.vulnerable_version_range,
        first_patched_version: v.first_patched_version,
        vulnerable_functions: v.vulnerable_functions ?? [],
      })),
      cvss: a.cvss ?? { vector_string: null, score: null },
      cvss_severities: {
        cvss_v3: a.cvss ?? { vector_string: null, score: null },
        cvss_v4: { vector_string: null, score: null },
      },
      cwes: a.cwes ?? [],
      epss: null,
      credits: [],
    };
  }
}
