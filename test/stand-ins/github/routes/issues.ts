// Issues, issue comments, labels and milestones.

import type { Handler, RouteContext } from "../context.js";
import { HttpError, notFound, validationFailed } from "../context.js";
import type { IssueRecord, RepoRecord } from "../state.js";
import { recordLabelChanges } from "./issue-events.js";

type Body = Record<string, unknown>;

function findIssue(repo: RepoRecord, number: string | number): IssueRecord {
  const issue = repo.issues.find((i) => i.number === Number(number));
  if (!issue) throw notFound();
  return issue;
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((l) => (typeof l === "string" ? l : String((l as { name?: unknown }).name ?? "")));
}

function ensureLabels(ctx: RouteContext, repo: RepoRecord, names: string[]): string[] {
  // GitHub creates unknown labels on the fly when an issue is labelled (with the default colour).
  for (const name of names) ctx.state.addLabel(`${repo.owner}/${repo.name}`, name);
  return ctx.state.canonicalLabels(repo, names);
}

function milestoneNumber(repo: RepoRecord, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  if (!repo.milestones.some((m) => m.number === number)) {
    throw validationFailed("Issue", "milestone", "invalid", `Milestone ${String(value)} does not exist`);
  }
  return number;
}

function compareBy(sort: string, direction: string, comments: (i: IssueRecord) => number) {
  const sign = direction === "asc" ? 1 : -1;
  return (a: IssueRecord, b: IssueRecord) => {
    const key = (i: IssueRecord) =>
      sort === "updated" ? Date.parse(i.updatedAt) : sort === "comments" ? comments(i) : Date.parse(i.createdAt);
    return (key(a) - key(b) || a.number - b.number) * sign;
  };
}

const listIssues: Handler = (ctx) => {
  const repo = ctx.repo();
  const q = ctx.query;
  const state = String(q.state ?? "open");
  const labels = typeof q.labels === "string" && q.labels !== "" ? q.labels.split(",").map((l) => l.trim()) : [];
  const since = typeof q.since === "string" ? Date.parse(q.since) : undefined;
  const commentCount = (i: IssueRecord) => repo.comments.filter((c) => c.issueNumber === i.number).length;
  const list = repo.issues
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => labels.every((l) => i.labels.some((il) => il.toLowerCase() === l.toLowerCase())))
    .filter((i) => since === undefined || Date.parse(i.updatedAt) >= since)
    .filter((i) => q.creator === undefined || i.user.toLowerCase() === String(q.creator).toLowerCase())
    .filter((i) => {
      if (q.assignee === undefined) return true;
      if (q.assignee === "none") return i.assignees.length === 0;
      if (q.assignee === "*") return i.assignees.length > 0;
      return i.assignees.includes(String(q.assignee));
    })
    .filter((i) => {
      if (q.milestone === undefined) return true;
      if (q.milestone === "none") return i.milestone === null;
      if (q.milestone === "*") return i.milestone !== null;
      return i.milestone === Number(q.milestone);
    })
    .sort(compareBy(String(q.sort ?? "created"), String(q.direction ?? "desc"), commentCount))
    .map((i) => ctx.ser.issue(repo, i));
  return { status: 200, list };
};

const createIssue: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const fullName = `${repo.owner}/${repo.name}`;
  const milestone = milestoneNumber(repo, body.milestone);
  const assignees = [
    ...(Array.isArray(body.assignees) ? (body.assignees as string[]) : []),
    ...(typeof body.assignee === "string" ? [body.assignee] : []),
  ];
  const labels = ensureLabels(ctx, repo, labelNames(body.labels));
  const issue = ctx.state.addIssue(fullName, {
    title: String(body.title),
    body: typeof body.body === "string" ? body.body : null,
    labels,
    assignees: [...new Set(assignees)],
    user: ctx.auth.login,
    milestone,
  });
  return {
    status: 201,
    body: ctx.ser.issue(repo, issue),
    headers: { location: `${ctx.ser.repoUrl(repo)}/issues/${issue.number}` },
  };
};

const getIssue: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.issue(repo, findIssue(repo, ctx.params.issue_number!)) };
};

const updateIssue: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const body = ctx.body as Body;
  if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
  if (body.body !== undefined) issue.body = body.body as string | null;
  if (body.labels !== undefined) {
    const before = issue.labels;
    issue.labels = ensureLabels(ctx, repo, labelNames(body.labels));
    recordLabelChanges(ctx, repo, issue, before);
  }
  if (body.assignees !== undefined) issue.assignees = [...new Set(body.assignees as string[])];
  else if (body.assignee !== undefined) issue.assignees = body.assignee === null ? [] : [String(body.assignee)];
  if (body.milestone !== undefined) issue.milestone = milestoneNumber(repo, body.milestone);
  const at = ctx.state.now();
  if (body.state !== undefined && body.state !== issue.state) {
    issue.state = body.state as "open" | "closed";
    issue.closedAt = issue.state === "closed" ? at : null;
    issue.stateReason =
      issue.state === "closed" ? ((body.state_reason as IssueRecord["stateReason"]) ?? "completed") : "reopened";
  } else if (body.state_reason !== undefined && issue.state === "closed") {
    issue.stateReason = body.state_reason as IssueRecord["stateReason"];
  }
  issue.updatedAt = at;
  return { status: 200, body: ctx.ser.issue(repo, issue) };
};

const addAssignees: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const add = ((ctx.body as Body).assignees as string[] | undefined) ?? [];
  issue.assignees = [...new Set([...issue.assignees, ...add])];
  issue.updatedAt = ctx.state.now();
  return { status: 201, body: ctx.ser.issue(repo, issue) };
};

const removeAssignees: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const remove = new Set(((ctx.body as Body).assignees as string[] | undefined) ?? []);
  issue.assignees = issue.assignees.filter((a) => !remove.has(a));
  issue.updatedAt = ctx.state.now();
  return { status: 200, body: ctx.ser.issue(repo, issue) };
};

function findComment(repo: RepoRecord, id: string) {
  const comment = repo.comments.find((c) => c.id === Number(id));
  if (!comment) throw notFound();
  return comment;
}

function listCommentsOf(ctx: RouteContext, repo: RepoRecord, issueNumber?: number) {
  const since = typeof ctx.query.since === "string" ? Date.parse(ctx.query.since) : undefined;
  const sign = ctx.query.direction === "desc" ? -1 : 1;
  const key = ctx.query.sort === "updated" ? "updatedAt" : "createdAt";
  return repo.comments
    .filter((c) => issueNumber === undefined || c.issueNumber === issueNumber)
    .filter((c) => since === undefined || Date.parse(c.updatedAt) >= since)
    .sort((a, b) => (Date.parse(a[key]) - Date.parse(b[key]) || a.id - b.id) * sign)
    .map((c) => ctx.ser.comment(repo, c));
}

const listComments: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  return { status: 200, list: listCommentsOf(ctx, repo, issue.number) };
};

const listRepoComments: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, list: listCommentsOf(ctx, repo) };
};

const createComment: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  if (issue.locked) throw new HttpError(403, "Unable to create comment because issue is locked.");
  const comment = ctx.state.addComment(
    `${repo.owner}/${repo.name}`,
    issue.number,
    String((ctx.body as Body).body),
    ctx.auth.login,
  );
  issue.updatedAt = comment.createdAt;
  return {
    status: 201,
    body: ctx.ser.comment(repo, comment),
    headers: { location: `${ctx.ser.repoUrl(repo)}/issues/comments/${comment.id}` },
  };
};

const getComment: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.comment(repo, findComment(repo, ctx.params.comment_id!)) };
};

const updateComment: Handler = (ctx) => {
  const repo = ctx.repo();
  const comment = findComment(repo, ctx.params.comment_id!);
  comment.body = String((ctx.body as Body).body);
  comment.updatedAt = ctx.state.now();
  return { status: 200, body: ctx.ser.comment(repo, comment) };
};

const deleteComment: Handler = (ctx) => {
  const repo = ctx.repo();
  const comment = findComment(repo, ctx.params.comment_id!);
  repo.comments.splice(repo.comments.indexOf(comment), 1);
  return { status: 204 };
};

function findLabel(repo: RepoRecord, name: string) {
  const label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (!label) throw notFound();
  return label;
}

const listLabels: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, list: repo.labels.map((l) => ctx.ser.label(repo, l)) };
};

const createLabel: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  const name = String(body.name);
  if (repo.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
    throw validationFailed("Label", "name", "already_exists");
  }
  const color = String(body.color ?? "ededed").replace(/^#/, "");
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed("Label", "color", "invalid");
  const label = ctx.state.addLabel(
    `${repo.owner}/${repo.name}`,
    name,
    color,
    typeof body.description === "string" ? body.description : null,
  );
  return { status: 201, body: ctx.ser.label(repo, label) };
};

const getLabel: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.label(repo, findLabel(repo, ctx.params.name!)) };
};

const updateLabel: Handler = (ctx) => {
  const repo = ctx.repo();
  const label = findLabel(repo, ctx.params.name!);
  const body = ctx.body as Body;
  if (typeof body.new_name === "string") {
    for (const issue of repo.issues)
      issue.labels = issue.labels.map((l) => (l === label.name ? String(body.new_name) : l));
    label.name = body.new_name;
  }
  if (typeof body.color === "string") label.color = body.color.replace(/^#/, "");
  if (typeof body.description === "string") label.description = body.description;
  return { status: 200, body: ctx.ser.label(repo, label) };
};

const deleteLabel: Handler = (ctx) => {
  const repo = ctx.repo();
  const label = findLabel(repo, ctx.params.name!);
  repo.labels.splice(repo.labels.indexOf(label), 1);
  for (const issue of repo.issues) issue.labels = issue.labels.filter((l) => l !== label.name);
  return { status: 204 };
};

function issueLabels(ctx: RouteContext, repo: RepoRecord, issue: IssueRecord) {
  return issue.labels.map((name) => ctx.ser.labelByName(repo, name));
}

const listIssueLabels: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, list: issueLabels(ctx, repo, findIssue(repo, ctx.params.issue_number!)) };
};

const addLabels: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const add = ensureLabels(ctx, repo, labelNames((ctx.body as Body).labels));
  const before = issue.labels;
  issue.labels = ctx.state.canonicalLabels(repo, [...issue.labels, ...add]);
  recordLabelChanges(ctx, repo, issue, before);
  issue.updatedAt = ctx.state.now();
  return { status: 200, body: issueLabels(ctx, repo, issue) };
};

const setLabels: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const before = issue.labels;
  issue.labels = ensureLabels(ctx, repo, labelNames((ctx.body as Body).labels));
  recordLabelChanges(ctx, repo, issue, before);
  issue.updatedAt = ctx.state.now();
  return { status: 200, body: issueLabels(ctx, repo, issue) };
};

const removeLabel: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const name = ctx.params.name!.toLowerCase();
  if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new HttpError(404, "Label does not exist");
  const before = issue.labels;
  issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
  recordLabelChanges(ctx, repo, issue, before);
  issue.updatedAt = ctx.state.now();
  return { status: 200, body: issueLabels(ctx, repo, issue) };
};

const removeAllLabels: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = findIssue(repo, ctx.params.issue_number!);
  const before = issue.labels;
  issue.labels = [];
  recordLabelChanges(ctx, repo, issue, before);
  issue.updatedAt = ctx.state.now();
  return { status: 204 };
};

function findMilestone(repo: RepoRecord, number: string) {
  const milestone = repo.milestones.find((m) => m.number === Number(number));
  if (!milestone) throw notFound();
  return milestone;
}

const listMilestones: Handler = (ctx) => {
  const repo = ctx.repo();
  const state = String(ctx.query.state ?? "open");
  const sign = ctx.query.direction === "desc" ? -1 : 1;
  const list = repo.milestones
    .filter((m) => state === "all" || m.state === state)
    .sort((a, b) => {
      if (ctx.query.sort === "completeness") return 0;
      const due = (m: typeof a) => (m.dueOn ? Date.parse(m.dueOn) : Number.MAX_SAFE_INTEGER);
      return (due(a) - due(b) || a.number - b.number) * sign;
    })
    .map((m) => ctx.ser.milestone(repo, m));
  return { status: 200, list };
};

const createMilestone: Handler = (ctx) => {
  const repo = ctx.repo();
  const body = ctx.body as Body;
  if (repo.milestones.some((m) => m.title === body.title)) {
    throw validationFailed("Milestone", "title", "already_exists");
  }
  const milestone = ctx.state.addMilestone(`${repo.owner}/${repo.name}`, {
    title: String(body.title),
    ...(body.state ? { state: body.state as "open" | "closed" } : {}),
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    ...(typeof body.due_on === "string" ? { dueOn: body.due_on } : {}),
  });
  milestone.creator = ctx.auth.login;
  return { status: 201, body: ctx.ser.milestone(repo, milestone) };
};

const getMilestone: Handler = (ctx) => {
  const repo = ctx.repo();
  return { status: 200, body: ctx.ser.milestone(repo, findMilestone(repo, ctx.params.milestone_number!)) };
};

const updateMilestone: Handler = (ctx) => {
  const repo = ctx.repo();
  const milestone = findMilestone(repo, ctx.params.milestone_number!);
  const body = ctx.body as Body;
  const at = ctx.state.now();
  if (typeof body.title === "string") milestone.title = body.title;
  if (typeof body.description === "string") milestone.description = body.description;
  if (typeof body.due_on === "string") milestone.dueOn = body.due_on;
  if (body.state === "open" || body.state === "closed") {
    milestone.closedAt = body.state === "closed" ? (milestone.closedAt ?? at) : null;
    milestone.state = body.state;
  }
  milestone.updatedAt = at;
  return { status: 200, body: ctx.ser.milestone(repo, milestone) };
};

const deleteMilestone: Handler = (ctx) => {
  const repo = ctx.repo();
  const milestone = findMilestone(repo, ctx.params.milestone_number!);
  repo.milestones.splice(repo.milestones.indexOf(milestone), 1);
  for (const issue of repo.issues) if (issue.milestone === milestone.number) issue.milestone = null;
  return { status: 204 };
};

/** Issue, comment, label and milestone routes by `METHOD /template`. */
export const issueRoutes: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/issues": listIssues,
  "POST /repos/{owner}/{repo}/issues": createIssue,
  "GET /repos/{owner}/{repo}/issues/{issue_number}": getIssue,
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}": updateIssue,
  "POST /repos/{owner}/{repo}/issues/{issue_number}/assignees": addAssignees,
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees": removeAssignees,
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": listComments,
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": createComment,
  "GET /repos/{owner}/{repo}/issues/comments": listRepoComments,
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": getComment,
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": updateComment,
  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}": deleteComment,
  "GET /repos/{owner}/{repo}/labels": listLabels,
  "POST /repos/{owner}/{repo}/labels": createLabel,
  "GET /repos/{owner}/{repo}/labels/{name}": getLabel,
  "PATCH /repos/{owner}/{repo}/labels/{name}": updateLabel,
  "DELETE /repos/{owner}/{repo}/labels/{name}": deleteLabel,
  "GET /repos/{owner}/{repo}/issues/{issue_number}/labels": listIssueLabels,
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": addLabels,
  "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels": setLabels,
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels": removeAllLabels,
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": removeLabel,
  "GET /repos/{owner}/{repo}/milestones": listMilestones,
  "POST /repos/{owner}/{repo}/milestones": createMilestone,
  "GET /repos/{owner}/{repo}/milestones/{milestone_number}": getMilestone,
  "PATCH /repos/{owner}/{repo}/milestones/{milestone_number}": updateMilestone,
  "DELETE /repos/{owner}/{repo}/milestones/{milestone_number}": deleteMilestone,
};
