import type { GitHubClient } from "../github/client.js";
import { hasMarker } from "../github/markers.js";
import type { BackendIssue, IssueBackend } from "../ports.js";
import { issueFields, type RestIssue } from "./rest-issue.js";
import type { RepoName } from "./types.js";

function split(repo: RepoName): { owner: string; repo: string } {
  const [owner, name] = repo.split("/");
  if (!owner || !name) throw new RangeError(`repository "${repo}" is not owner/name`);
  return { owner, repo: name };
}

// Every answer the executor reads (list, search, get, create, update) carries the node id pinning needs.
type IdentifiedIssue = RestIssue & { node_id: string };

function toIssue(i: IdentifiedIssue): BackendIssue {
  return { ...issueFields(i), nodeId: i.node_id };
}

const PINNED_QUERY = `query($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { pinnedIssues(first: 3) { totalCount nodes { issue { number } } } }
}`;
const PIN_MUTATION = "mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { number } } }";
const UNPIN_MUTATION = "mutation($id: ID!) { unpinIssue(input: { issueId: $id }) { issue { number } } }";

/**
 * The executor's operations over an Upkeep GitHub client. Issues are found by listing with the step's
 * first label (the list endpoint is consistent right after a create, unlike search, which the re-check
 * after a create depends on); without labels it falls back to the search API.
 */
export function githubBackend(client: GitHubClient): IssueBackend {
  return {
    async findIssues(repo, key, labels) {
      const r = split(repo);
      let items: IdentifiedIssue[];
      if (labels.length > 0) {
        items = (await client.paginate(client.rest.issues.listForRepo, {
          ...r,
          state: "all",
          labels: labels[0],
          per_page: 100,
          sort: "created",
          direction: "asc",
        })) as IdentifiedIssue[];
      } else {
        items = (await client.paginate(client.rest.search.issuesAndPullRequests, {
          q: `repo:${repo} is:issue in:body "upkeep:${key}"`,
          per_page: 100,
        })) as IdentifiedIssue[];
      }
      return items.filter((i) => !i.pull_request && hasMarker(i.body, key)).map(toIssue);
    },
    async getIssue(repo, number) {
      const res = await client.rest.issues.get({ ...split(repo), issue_number: number });
      return toIssue(res.data as IdentifiedIssue);
    },
    async createIssue(repo, input) {
      const res = await client.rest.issues.create({
        ...split(repo),
        title: input.title,
        body: input.body,
        labels: input.labels,
        ...(input.assignees.length > 0 ? { assignees: input.assignees } : {}),
      });
      return toIssue(res.data as IdentifiedIssue);
    },
    async updateIssue(repo, number, input) {
      const res = await client.rest.issues.update({
        ...split(repo),
        issue_number: number,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.state !== undefined ? { state: input.state } : {}),
        ...(input.stateReason !== undefined
          ? { state_reason: input.stateReason as "completed" | "not_planned" | "reopened" }
          : {}),
      });
      return toIssue(res.data as IdentifiedIssue);
    },
    async addLabels(repo, number, labels) {
      await client.rest.issues.addLabels({ ...split(repo), issue_number: number, labels });
    },
    async removeLabel(repo, number, label) {
      await client.rest.issues.removeLabel({ ...split(repo), issue_number: number, name: label });
    },
    async listComments(repo, number) {
      const all = (await client.paginate(client.rest.issues.listComments, {
        ...split(repo),
        issue_number: number,
        per_page: 100,
      })) as { id: number; body?: string | null; created_at: string; html_url: string }[];
      return all.map((c) => ({ id: c.id, body: c.body ?? "", createdAt: c.created_at, url: c.html_url }));
    },
    async createComment(repo, number, body) {
      const res = await client.rest.issues.createComment({ ...split(repo), issue_number: number, body });
      return { id: res.data.id, body: res.data.body ?? "", createdAt: res.data.created_at, url: res.data.html_url };
    },
    async deleteComment(repo, commentId) {
      await client.rest.issues.deleteComment({ ...split(repo), comment_id: commentId });
    },
    async pinnedIssues(repo) {
      const r = split(repo);
      const res = await client.graphql<{
        repository: { pinnedIssues: { nodes: { issue: { number: number } }[] } };
      }>(PINNED_QUERY, { owner: r.owner, name: r.repo });
      return res.repository.pinnedIssues.nodes.map((n) => n.issue.number);
    },
    async pin(_repo, issue) {
      await client.graphql(PIN_MUTATION, { id: issue.nodeId });
    },
    async unpin(_repo, issue) {
      await client.graphql(UNPIN_MUTATION, { id: issue.nodeId });
    },
  };
}
