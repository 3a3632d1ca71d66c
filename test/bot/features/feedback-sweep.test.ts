// The feedback feature's sweep in process against the GitHub stand-in (the test drives the clock): reporters who
// never answered are closed once with a note, and the digest issue of the period is opened once and edited in place.
import { recordingLogger } from "@upkeep/shared/logger.js";
import { memorySharedState } from "@upkeep/shared/state/memory.js";
import { describe, expect, it } from "vitest";
import { appClientFactory } from "../../../bot/src/clients.js";
import { EtagCache } from "../../../bot/src/etag-cache.js";
import { FeedbackStore, feedbackStore, useFeedbackStore } from "../../../bot/src/features/feedback/store.js";
import { features } from "../../../bot/src/index.js";
import type { RepoFiles } from "../../../bot/src/repo-files.js";
import { sweepRepository } from "../../../bot/src/sweep.js";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { appPrivateKey } from "../harness.js";

const gh = useGitHubStandIn();

function setup(name: string, config: string, logger = recordingLogger()) {
  gh().state.createRepo({ owner: "acme", name, files: { ".github/upkeep.yml": config } });
  const installationId = gh().state.addInstallation({ account: "acme" }).id;
  const factory = appClientFactory(
    { appId: gh().state.app.id, privateKey: appPrivateKey() },
    {
      baseUrl: `${gh().url}/api/v3`,
      writeIntervalMs: 0,
      retryAfterScaleMs: 10,
      cache: new EtagCache(),
      logger: recordingLogger(),
    },
  );
  const filesCache = new Map<string, RepoFiles>();
  return async (now: Date) => {
    const client = await factory.installation(installationId);
    const result = await sweepRepository(
      client,
      { owner: "acme", name },
      {
        features,
        clock: { now: () => now },
        logger,
        filesCache,
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.results.filter((r) => r.outcome === "failed")).toEqual([]);
    return result;
  };
}

describe("feedback sweep", () => {
  it("closes a needs-info issue once after closeAfter without an answer, and leaves an answered one open", async () => {
    const sweep = setup("follow", "feedback:\n  followUp:\n    closeAfter: 7d\n");
    const repo = "acme/follow";
    const asked = "2026-11-01T00:00:00Z";
    const silent = gh().state.addIssue(repo, {
      title: "Crash",
      labels: ["bug", "needs-info"],
      user: "ann",
      createdAt: asked,
    });
    const answered = gh().state.addIssue(repo, {
      title: "Crash 2",
      labels: ["bug", "needs-info"],
      user: "bob",
      createdAt: asked,
    });
    for (const i of [silent, answered]) {
      gh().state.addComment(
        repo,
        i.number,
        `please add\n\n<!-- upkeep:feedback/needs-info/${i.number} -->`,
        "upkeep[bot]",
      ).createdAt = asked;
    }
    gh().state.addComment(repo, answered.number, "v1.2, steps: open it", "bob").createdAt = "2026-11-02T00:00:00Z";
    await sweep(new Date("2026-11-05T00:00:00Z"));
    expect(silent.state).toBe("open");
    await sweep(new Date("2026-11-09T00:00:00Z"));
    await sweep(new Date("2026-11-09T01:00:00Z"));
    expect(silent.state).toBe("closed");
    expect(silent.stateReason).toBe("not_planned");
    const notes = gh()
      .state.repo(repo)
      .comments.filter((c) => c.issueNumber === silent.number && c.body.includes("reply here"));
    expect(notes).toHaveLength(1);
    expect(answered.state).toBe("open");
  });

  it("opens one digest issue per period and edits it in place as issues arrive", async () => {
    const sweep = setup("dig", "feedback:\n  digest:\n    enabled: true\n");
    const repo = "acme/dig";
    gh().state.addIssue(repo, {
      title: "Crash on save",
      labels: ["bug"],
      user: "ann",
      createdAt: "2026-11-10T10:00:00Z",
    });
    await sweep(new Date("2026-11-11T00:00:00Z"));
    const digests = () =>
      gh()
        .state.repo(repo)
        .issues.filter((i) => i.labels.includes("feedback-digest"));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.title).toBe("Feedback digest from 2026-11-09");
    expect(digests()[0]?.body).toContain("**1** issues opened");
    gh().state.addIssue(repo, {
      title: "How to export?",
      labels: ["question"],
      user: "bob",
      createdAt: "2026-11-11T10:00:00Z",
    });
    await sweep(new Date("2026-11-12T00:00:00Z"));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.body).toContain("**2** issues opened");
    expect(digests()[0]?.body).toContain("- #3 How to export?");
    await sweep(new Date("2026-11-17T00:00:00Z"));
    expect(digests().map((d) => d.title)).toEqual([
      "Feedback digest from 2026-11-09",
      "Feedback digest from 2026-11-16",
    ]);
  });
});

describe("feedback model retraining", () => {
  it("trains a model from the repository's labelled issues once a week when it keeps no model file", async () => {
    useFeedbackStore(new FeedbackStore(undefined, { retrain: true }));
    const sweep = setup("learn", "feedback:\n  followUp:\n    enabled: false\n");
    const repo = "acme/learn";
    for (let i = 0; i < 12; i++) {
      gh().state.addIssue(repo, {
        title: `Crash ${i} when saving`,
        body: "TypeError: x is undefined",
        labels: ["bug"],
        user: "ann",
      });
      gh().state.addIssue(repo, {
        title: `Add option ${i} to export`,
        body: "It would be nice to add this.",
        labels: ["enhancement"],
        user: "bob",
      });
    }
    gh().state.addIssue(repo, { title: "Unlabelled", user: "cy" });
    await sweep(new Date("2026-11-10T00:00:00Z"));
    const model = feedbackStore().trainedFor(repo);
    expect(model?.trainedOn.issues).toBe(24);
    expect(model?.labels).toEqual(["bug", "feature"]);
    // A day later: the same model; a week later: trained again (now with the new labelled issue).
    gh().state.addIssue(repo, { title: "How do I export?", labels: ["bug"], user: "cy" });
    await sweep(new Date("2026-11-11T00:00:00Z"));
    expect(feedbackStore().trainedFor(repo)).toBe(model);
    await sweep(new Date("2026-11-18T00:00:00Z"));
    expect(feedbackStore().trainedFor(repo)?.trainedOn.issues).toBe(25);
  });
});

describe("feedback model retraining with other repositories' issues", () => {
  it("adds the labelled issues of feedback.alsoFrom at their weight, and leaves out one it cannot read with a warning", async () => {
    useFeedbackStore(new FeedbackStore(undefined, { retrain: true }));
    const logger = recordingLogger();
    const sweep = setup(
      "small",
      "feedback:\n  followUp:\n    enabled: false\n  alsoFrom: [acme/big, acme/gone]\n  alsoWeight: 0.5\n",
      logger,
    );
    gh().state.createRepo({ owner: "acme", name: "big" });
    for (let i = 0; i < 10; i++) {
      gh().state.addIssue("acme/small", { title: `Crash ${i} on save`, body: "TypeError: x", labels: ["bug"] });
      gh().state.addIssue("acme/small", { title: `Add export ${i}`, body: "Nice to have.", labels: ["enhancement"] });
    }
    for (let i = 0; i < 8; i++) {
      gh().state.addIssue("acme/big", {
        title: `How do I configure the cache ${i}?`,
        body: "Is there a way to set the folder? Thanks",
        labels: ["question"],
      });
    }
    gh().state.addIssue("acme/big", { title: "Unlabelled", body: "" });
    await sweep(new Date("2026-11-10T00:00:00Z"));
    const model = feedbackStore().trainedFor("acme/small");
    expect(model?.trainedOn.issues).toBe(20);
    // the 8 labelled issues of acme/big (its unlabelled issue is not training data)
    expect(model?.trainedOn.also).toMatchObject({ issues: 8, weight: 0.5 });
    expect(model?.labels).toContain("question");
    const warning = logger.records.find((e) => e.level === "warning" && e.message.includes("acme/gone"));
    expect(warning?.message).toMatch(
      /feedback\.alsoFrom acme\/gone left out of the training: [\s\S]*404[\s\S]*install the app on acme\/gone/,
    );
  });
});

describe("feedback models shared by several instances", () => {
  it("lets instance B triage with the model instance A trained, and not train again within the week", async () => {
    const shared = memorySharedState();
    const a = new FeedbackStore(undefined, { retrain: true, shared });
    const b = new FeedbackStore(undefined, { retrain: true, shared });
    const logger = recordingLogger();
    const sweep = setup("learn-shared", "feedback:\n  followUp:\n    enabled: false\n", logger);
    const repo = "acme/learn-shared";
    const trainings = () => logger.records.filter((r) => r.message.includes("feedback model trained on")).length;
    for (let i = 0; i < 10; i++) {
      gh().state.addIssue(repo, { title: `Crash ${i} on save`, body: "TypeError: x", labels: ["bug"], user: "ann" });
      gh().state.addIssue(repo, {
        title: `Add export ${i}`,
        body: "Nice to have.",
        labels: ["enhancement"],
        user: "bob",
      });
    }
    useFeedbackStore(a);
    await sweep(new Date("2026-11-10T00:00:00Z"));
    expect(a.trainedFor(repo)?.trainedOn.issues).toBe(20);
    expect(b.trainedFor(repo)).toBeUndefined();
    expect(trainings()).toBe(1);
    useFeedbackStore(b);
    await sweep(new Date("2026-11-12T00:00:00Z"));
    // B read A's model from the shared state instead of listing every issue to train its own.
    expect(trainings()).toBe(1);
    expect(b.trainedFor(repo)?.trainedOn.issues).toBe(20);
  });
});
