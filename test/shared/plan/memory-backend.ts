// An in-memory GitHub for engine tests: the real executor runs against it, so a fake clock can walk a
// whole quarter of sweeps in milliseconds. It behaves like the stand-in where the executor can tell.
import { hasMarker } from "@upkeep/shared/github/markers.js";
import type { IssueSnapshot } from "@upkeep/shared/plan/types.js";
import type { BackendComment, BackendIssue, IssueBackend } from "@upkeep/shared/ports.js";

export interface MemoryIssue extends BackendIssue {
  closedAt: string | null;
  comments: BackendComment[];
  assignees: string[];
}

export interface MemoryGitHub extends IssueBackend {
  issues: MemoryIssue[];
  pinned: number[];
  /** Every write, in order (`create-issue #1`, `comment #1`, ...). */
  writes: string[];
  /** The issues as planners see them. */
  snapshots(): IssueSnapshot[];
  /** Sets the time that records get (the walk's fake clock). */
  setNow(now: Date): void;
}

export function memoryGitHub(): MemoryGitHub {
  let now = new Date("2026-01-01T00:00:00Z");
  let commentId = 1000;
  const issues: MemoryIssue[] = [];
  const pinned: number[] = [];
  const writes: string[] = [];
  const find = (n: number) => {
    const i = issues.find((x) => x.number === n);
    if (!i) throw new Error(`no issue #${n}`);
    return i;
  };
  const copy = (i: MemoryIssue): BackendIssue => ({
    number: i.number,
    nodeId: i.nodeId,
    title: i.title,
    body: i.body,
    state: i.state,
    stateReason: i.stateReason,
    labels: [...i.labels],
    createdAt: i.createdAt,
    url: i.url,
  });
  return {
    issues,
    pinned,
    writes,
    setNow(d) {
      now = d;
    },
    snapshots() {
      return issues.map((i) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        state: i.state,
        stateReason: i.stateReason,
        labels: [...i.labels],
        createdAt: i.createdAt,
        closedAt: i.closedAt,
        pinned: pinned.includes(i.number),
        url: i.url,
      }));
    },
    async findIssues(_repo, key, labels) {
      return issues
        .filter((i) => hasMarker(i.body, key))
        .filter((i) => labels.length === 0 || i.labels.includes(labels[0]!))
        .map(copy);
    },
    async getIssue(_repo, n) {
      return copy(find(n));
    },
    async createIssue(_repo, input) {
      const number = issues.length + 1;
      const issue: MemoryIssue = {
        number,
        nodeId: `I_${number}`,
        title: input.title,
        body: input.body,
        state: "open",
        stateReason: null,
        labels: [...input.labels],
        assignees: [...input.assignees],
        createdAt: now.toISOString(),
        closedAt: null,
        url: `https://github.example/acme/app/issues/${number}`,
        comments: [],
      };
      issues.push(issue);
      writes.push(`create-issue #${number}`);
      return copy(issue);
    },
    async updateIssue(_repo, n, input) {
      const i = find(n);
      if (input.title !== undefined) i.title = input.title;
      if (input.body !== undefined) i.body = input.body;
      if (input.state !== undefined && input.state !== i.state) {
        i.state = input.state;
        i.closedAt = input.state === "closed" ? now.toISOString() : null;
        i.stateReason = input.state === "closed" ? (input.stateReason ?? "completed") : "reopened";
      }
      writes.push(`update-issue #${n}${input.state ? ` ${input.state}` : ""}`);
      return copy(i);
    },
    async addLabels(_repo, n, labels) {
      const i = find(n);
      i.labels = [...new Set([...i.labels, ...labels])];
      writes.push(`add-labels #${n} ${labels.join(",")}`);
    },
    async removeLabel(_repo, n, label) {
      const i = find(n);
      i.labels = i.labels.filter((l) => l !== label);
      writes.push(`remove-label #${n} ${label}`);
    },
    async listComments(_repo, n) {
      return find(n).comments.map((c) => ({ ...c }));
    },
    async createComment(_repo, n, body) {
      const c = { id: commentId++, body, createdAt: now.toISOString(), url: `https://github.example/c/${commentId}` };
      find(n).comments.push(c);
      writes.push(`comment #${n}`);
      return { ...c };
    },
    async deleteComment(_repo, id) {
      for (const i of issues) i.comments = i.comments.filter((c) => c.id !== id);
      writes.push(`delete-comment ${id}`);
    },
    async pinnedIssues() {
      return [...pinned];
    },
    async pin(_repo, issue) {
      if (pinned.length >= 3) throw new Error("You can only pin 3 issues per repository.");
      if (!pinned.includes(issue.number)) pinned.push(issue.number);
      writes.push(`pin #${issue.number}`);
    },
    async unpin(_repo, issue) {
      pinned.splice(0, pinned.length, ...pinned.filter((n) => n !== issue.number));
      writes.push(`unpin #${issue.number}`);
    },
  };
}
