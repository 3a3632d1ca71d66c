import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseDuration } from "../../calendar/duration.js";
import type { FeedbackConfig } from "../../config/types.js";
import { clockFromEnv } from "../../environment.js";
import { InputError } from "../../errors.js";
import { classify } from "../../feedback/classify.js";
import { parseIssuesCsv } from "../../feedback/csv.js";
import { builtinModel } from "../../feedback/default-model.js";
import { buildDigest, renderDigestMarkdown } from "../../feedback/digest.js";
import { crossValidate, type Evaluation, evaluateSplit, precisionAtCoverage } from "../../feedback/evaluate.js";
import { listDigestIssues, listLabelledIssues } from "../../feedback/github.js";
import { FEEDBACK_KINDS } from "../../feedback/history.js";
import { type FeedbackModel, parseModel, serializeModel } from "../../feedback/model.js";
import { DEFAULT_ALSO_WEIGHT, type LabelledIssue, trainModel } from "../../feedback/train.js";
import { createGitHubClient } from "../../github/client.js";
import { type CliContext, type CommandRun, EXIT_PASS, resolveFromCwd } from "../command.js";

function readText(ctx: CliContext, path: string, what: string): { text: string; file: string } {
  const file = resolveFromCwd(ctx, path);
  try {
    return { text: readFileSync(file, "utf8"), file: path };
  } catch (error) {
    throw new InputError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        location: { file: path },
        hint: `check the path of ${what}`,
        cause: error,
      },
    );
  }
}

function readCsv(ctx: CliContext, path: string): LabelledIssue[] {
  const { text, file } = readText(ctx, path, "the CSV file");
  const issues = parseIssuesCsv(text, file);
  if (issues.length === 0) {
    throw new InputError("no labelled issues in the file", { location: { file }, hint: "fill the `label` column" });
  }
  return issues;
}

function parseRepo(value: unknown, env: NodeJS.ProcessEnv): { owner: string; name: string } {
  const repo = typeof value === "string" ? value : env.GITHUB_REPOSITORY;
  const m = repo ? /^([\w.-]+)\/([\w.-]+)$/.exec(repo) : null;
  if (!m) {
    throw new InputError(repo ? `--repo "${repo}" is not owner/name` : "no repository given", {
      hint: "pass --repo owner/name (or set GITHUB_REPOSITORY), or --csv <file>",
    });
  }
  return { owner: m[1]!, name: m[2]! };
}

function clientFor(ctx: CliContext) {
  const token = ctx.env.GITHUB_TOKEN || ctx.env.GH_TOKEN;
  if (!token) {
    throw new InputError("GITHUB_TOKEN is not set", {
      hint: "export GITHUB_TOKEN with read access to the repository's issues (GITHUB_API_URL for GitHub Enterprise Server)",
    });
  }
  return createGitHubClient({
    token,
    logger: ctx.logger,
    ...(ctx.env.GITHUB_API_URL ? { baseUrl: ctx.env.GITHUB_API_URL } : {}),
  });
}

/** Labelled issues of a repository through the API (every issue, open and closed), mapped by the config's labels. */
async function repoIssues(ctx: CliContext, repoFlag: unknown, config: FeedbackConfig): Promise<LabelledIssue[]> {
  const { owner, name } = parseRepo(repoFlag, ctx.env);
  const labelled = await listLabelledIssues(clientFor(ctx), { owner, name }, config.labels);
  ctx.logger.info(`${owner}/${name}: ${labelled.length} labelled issue(s) read`);
  return labelled;
}

function num(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new InputError(`${flag} ${String(value)} is not a number from ${min} to ${max}`, {
      hint: `e.g. ${flag} ${max}`,
    });
  }
  return n;
}

const REPO_NAME = /^[\w.-]+\/[\w.-]+$/;

/**
 * The extra training issues of `--also`: each value a CSV file (ends in `.csv` or exists) or an owner/name
 * whose labelled issues are read through the API. Throws InputError naming the value when it is neither.
 */
async function alsoIssues(
  ctx: CliContext,
  values: readonly string[],
  config: FeedbackConfig,
): Promise<LabelledIssue[]> {
  const out: LabelledIssue[] = [];
  for (const value of values) {
    if (value.toLowerCase().endsWith(".csv") || existsSync(resolveFromCwd(ctx, value))) {
      out.push(...readCsv(ctx, value));
    } else if (REPO_NAME.test(value)) {
      out.push(...(await repoIssues(ctx, value, config)));
    } else {
      throw new InputError(`--also ${value} is neither a CSV file nor an owner/name repository`, {
        hint: "pass a labelled CSV (columns title, body, label) or a repository: --also other.csv --also owner/sibling",
      });
    }
  }
  return out;
}

/**
 * `upkeep feedback train (--csv <file> | --repo owner/name) [--also <csv|owner/name>]... [--out <model.json>]`:
 * trains the classifier on labelled issues (CSV columns title, body, label; or a repository's issues carrying
 * exactly one of the configured `feedback.labels`) and writes the model JSON (default: `feedback.model` of the
 * config). `--also` adds other repositories' labelled issues as extra training data, each counting
 * `--also-weight` of an own issue; the abstention threshold stays calibrated on the own issues only.
 * Exit 2 when the input cannot be read or has fewer than two labels.
 */
export const feedbackTrainRun: CommandRun = {
  async run(ctx, _args, options) {
    const config = (await ctx.loadConfig()).config.feedback;
    const alsoWeight = num(options.alsoWeight, "--also-weight", 0, 1) ?? config.alsoWeight;
    const issues =
      typeof options.csv === "string" ? readCsv(ctx, options.csv) : await repoIssues(ctx, options.repo, config);
    const source = typeof options.csv === "string" ? options.csv : parseRepoName(options.repo, ctx.env);
    const targetPrecision = num(options.targetPrecision, "--target-precision", 0, 1) ?? 0.9;
    // --also, else the config's feedback.alsoFrom (the repositories the bot also trains from)
    const alsoFrom = Array.isArray(options.also) ? (options.also as string[]) : config.alsoFrom;
    const also = alsoFrom.length > 0 ? await alsoIssues(ctx, alsoFrom, config) : [];
    const all = [...issues, ...also];
    const labels = FEEDBACK_KINDS.filter((k) => all.some((i) => i.label === k));
    const model = trainModel(issues, {
      targetPrecision,
      source,
      ...(also.length > 0 ? { also, alsoWeight } : {}),
      ...(labels.length === new Set(all.map((i) => i.label)).size ? { labels } : {}),
    });
    const out = typeof options.out === "string" ? options.out : config.model;
    const path = resolveFromCwd(ctx, out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, serializeModel(model));
    const summary = {
      model: out,
      issues: model.trainedOn.issues,
      perLabel: model.trainedOn.perLabel,
      threshold: Number(model.threshold.toFixed(4)),
      ...(model.trainedOn.also ? { also: model.trainedOn.also } : {}),
    };
    ctx.stdout(
      ctx.format === "json"
        ? JSON.stringify(summary, null, 2)
        : `wrote ${out}: ${summary.issues} issues (${Object.entries(summary.perLabel)
            .map(([l, n]) => `${n} ${l}`)
            .join(", ")})${
            summary.also ? ` and ${summary.also.issues} other issues at weight ${summary.also.weight}` : ""
          }, abstains below ${summary.threshold}`,
    );
    return EXIT_PASS;
  },
};

function parseRepoName(value: unknown, env: NodeJS.ProcessEnv): string {
  const r = parseRepo(value, env);
  return `${r.owner}/${r.name}`;
}

function loadModel(ctx: CliContext, path: string | undefined): FeedbackModel {
  if (!path) return builtinModel();
  const { text, file } = readText(ctx, path, "the model");
  return parseModel(text, file);
}

/**
 * `upkeep feedback classify --title <t> [--body <text> | --body-file <file>] [--model <file>]`: the label of
 * one issue with each label's probability, or "abstain" below the threshold. Without `--model` the built-in
 * rules answer. `--format json` prints {label, confidence, probabilities, abstained}. Exit 0; 2 on bad input.
 */
export const feedbackClassifyRun: CommandRun = {
  async run(ctx, _args, options) {
    const model = loadModel(ctx, typeof options.model === "string" ? options.model : undefined);
    const body =
      typeof options.bodyFile === "string"
        ? readText(ctx, options.bodyFile, "the body file").text
        : typeof options.body === "string"
          ? options.body
          : "";
    const threshold = num(options.threshold, "--threshold", 0, 1);
    const result = classify(
      model,
      { title: String(options.title), body },
      threshold === undefined ? {} : { threshold },
    );
    if (ctx.format === "json") {
      ctx.stdout(JSON.stringify(result, null, 2));
    } else {
      const probs = Object.entries(result.probabilities)
        .map(([l, p]) => `${l} ${p.toFixed(2)}`)
        .join(", ");
      ctx.stdout(`${result.abstained ? `abstain (best: ${result.label})` : result.label} — ${probs}`);
    }
    return EXIT_PASS;
  },
};

function renderEvaluation(e: Evaluation, curve?: { coverage: number; precision: number; threshold: number }[]): string {
  const f = (x: number) => x.toFixed(3);
  const rows = [
    "| group | issues | macro-F1 | precision | recall | coverage | precision of applied labels |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const row = (name: string, s: Evaluation["overall"]) =>
    `| ${name} | ${s.issues} | ${f(s.macroF1)} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.coverage)} | ${f(s.appliedPrecision)} |`;
  for (const [g, s] of Object.entries(e.groups)) rows.push(row(g, s));
  rows.push(row("**overall**", e.overall));
  if (curve) {
    rows.push("", "| coverage | precision | confidence at least |", "| ---: | ---: | ---: |");
    for (const c of curve) rows.push(`| ${f(c.coverage)} | ${f(c.precision)} | ${f(c.threshold)} |`);
  }
  return rows.join("\n");
}

/**
 * `upkeep feedback eval --train <csv> [--test <csv> | --folds 5] [--group-by repo [--also-other-groups]]`: trains per group on
 * `--train` and scores `--test` with the NLBSE'24 protocol (per group macro-F1 over the labels, overall the
 * mean of the groups); without `--test`, k-fold cross-validation inside each group. `--format json` prints
 * {overall: {macroF1, precision, recall, coverage, appliedPrecision, issues}, groups: {...}, perLabel, curve}.
 */
export const feedbackEvalRun: CommandRun = {
  async run(ctx, _args, options) {
    if (options.groupBy !== undefined && options.groupBy !== "repo") {
      throw new InputError(`--group-by ${String(options.groupBy)} is not supported`, { hint: "use --group-by repo" });
    }
    const groupBy = options.groupBy === "repo";
    const alsoOtherGroups = options.alsoOtherGroups === true;
    if (alsoOtherGroups && !groupBy) {
      throw new InputError("--also-other-groups needs --group-by repo", {
        hint: "add --group-by repo (the other groups are the other repositories of --train)",
      });
    }
    const alsoWeight = num(options.alsoWeight, "--also-weight", 0, 1) ?? DEFAULT_ALSO_WEIGHT;
    const settings = { groupBy, alsoOtherGroups, train: { alsoWeight } };
    const train = readCsv(ctx, String(options.train));
    const onGroup = (g: string, done: number, total: number) => ctx.logger.info(`${g}: done (${done}/${total})`);
    const result =
      typeof options.test === "string"
        ? evaluateSplit(train, readCsv(ctx, options.test), { ...settings, onGroup })
        : crossValidate(train, { ...settings, onGroup, folds: num(options.folds, "--folds", 2, 20) ?? 5 });
    const curve = precisionAtCoverage(result.predictions, [0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    if (ctx.format === "json") ctx.stdout(JSON.stringify({ ...result.evaluation, curve }, null, 2));
    else ctx.stdout(renderEvaluation(result.evaluation, curve));
    return EXIT_PASS;
  },
};

/**
 * `upkeep feedback digest --repo owner/name [--since 7d] [--format markdown|json]`: the feedback digest of the
 * period ending now (UPKEEP_NOW fixes "now"): counts by kind and label, themes, time to first response and to
 * close (issue-metrics definitions), backlog by age, unanswered questions. Markdown by default (and for
 * `text`). Exit 2 when the repository, token or `--since` is missing or wrong, or the API fails.
 */
export const feedbackDigestRun: CommandRun = {
  async run(ctx, _args, options) {
    const { owner, name } = parseRepo(options.repo, ctx.env);
    const since = String(options.since ?? "7d");
    let ms: number;
    try {
      ms = parseDuration(since);
    } catch (error) {
      throw new InputError(`--since ${since} is not a duration`, {
        hint: "e.g. --since 7d, --since 2w, --since 24h",
        cause: error,
      });
    }
    const config = (await ctx.loadConfig()).config.feedback;
    const until = clockFromEnv(ctx.env).now();
    const from = new Date(until.getTime() - ms);
    const issues = await listDigestIssues(clientFor(ctx), owner, name, from, config.labels.question);
    const digest = buildDigest(issues, { since: from, until }, config);
    ctx.stdout(
      ctx.format === "json" ? JSON.stringify(digest, null, 2) : renderDigestMarkdown(digest, `${owner}/${name}`),
    );
    return EXIT_PASS;
  },
};
