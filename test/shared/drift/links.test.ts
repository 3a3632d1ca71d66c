import { externalLinkChecker, retryAfterMs } from "@upkeep/shared/drift/detectors/links/external.js";
import { headingAnchors, parseMarkdown } from "@upkeep/shared/drift/markdown.js";
import { describe, expect, it } from "vitest";
import { check, NOW, places } from "./helpers.js";

const links = { detectors: ["links"] };

describe("links: heading anchors (GitHub slugs)", () => {
  it.each([
    ["# Quick start", "quick-start"],
    ["## What's new in v2.0?", "whats-new-in-v20"],
    ["## `--fix` mode", "--fix-mode"],
    ["## snake_case & kebab-case", "snake_case--kebab-case"],
    ["## Ünïcode Straße", "ünïcode-straße"],
    ["## [Linked](https://x.y) heading", "linked-heading"],
    ["## Emoji :tada: 🎉 here", "emoji-tada--here"],
  ])("%s → #%s", (heading, slug) => {
    expect(headingAnchors(parseMarkdown(heading)).map((h) => h.slug)).toEqual([slug]);
  });

  it("suffixes repeated headings -1, -2 in document order", () => {
    const md = "# Usage\n\n## Options\n\n## Options\n\n### Options\n\n## Usage\n";
    expect(headingAnchors(parseMarkdown(md)).map((h) => h.slug)).toEqual([
      "usage",
      "options",
      "options-1",
      "options-2",
      "usage-1",
    ]);
  });
});

describe("links: relative links and anchors (offline)", () => {
  const docs = {
    "README.md": [
      "# Project", // 1
      "", // 2
      "See the [guide](docs/guide.md), its [options](docs/guide.md#options-1) and [faq](docs/guide.md#faq).", // 3
      "A [folder](docs/) and an ![image](img/logo.png) and [self](#project) and [nothing](#missing).", // 4
      "", // 5
      "```md", // 6
      "[in code](nope.md) is not a link", // 7
      "```", // 8
      "", // 9
      "[ref]: ./docs/missing.md", // 10
      "Mail [me](mailto:a@b.c), escape [root](../outside.md), [encoded](docs/my%20page.md), [query](docs/guide.md?plain=1#L3).", // 11
    ].join("\n"),
    "docs/guide.md": '# Guide\n\n## Options\n\n## Options\n\n<a name="faq"></a>\nText\n',
    "docs/my page.md": "# Page\n",
    "img/logo.png": "png",
  };

  it("reports each broken link and anchor on its line, and nothing else", async () => {
    const { report } = await check(docs, links);
    expect(places(report.findings)).toEqual([
      "drift/links/broken-anchor@README.md:4",
      "drift/links/broken-link@README.md:10",
      "drift/links/broken-link@README.md:11",
    ]);
    const [anchor] = report.findings.filter((f) => f.rule === "drift/links/broken-anchor");
    expect(anchor?.column).toBe(74);
    expect(anchor?.message).toContain("#missing in README.md");
    expect(report.findings.find((f) => f.line === 11)?.message).toContain("outside the repository");
  });

  it("a link to an anchor of a renamed heading fails; the new anchor passes", async () => {
    const before = await check({ "a.md": "[x](b.md#set-up)\n", "b.md": "# Setting up\n" }, links);
    expect(before.report.findings.map((f) => f.message)).toEqual([
      expect.stringContaining("links to #set-up in b.md, which has no such heading"),
    ]);
    const after = await check({ "a.md": "[x](b.md#setting-up)\n", "b.md": "# Setting up\n" }, links);
    expect(after.report.findings).toEqual([]);
  });

  it("never fetches external links unless asked", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response(null, { status: 404 });
    }) as typeof globalThis.fetch;
    const { report } = await check({ "a.md": "[x](https://example.com/gone)\n" }, links, { fetch });
    expect(report.findings).toEqual([]);
    expect(calls).toBe(0);
    const asked = await check(
      { "a.md": "[x](https://example.com/gone)\n" },
      { ...links, externalLinks: true },
      { fetch },
    );
    expect(places(asked.report.findings)).toEqual(["drift/links/external-broken@a.md:1"]);
  });
});

type Reply = number | [number, Record<string, string>] | Error;

function fakeFetch(script: Record<string, Reply[]>) {
  const log: string[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    log.push(`${init?.method ?? "GET"} ${url}`);
    const next = script[url]?.shift() ?? 200;
    if (next instanceof Error) throw next;
    const [status, headers] = typeof next === "number" ? [next, {}] : next;
    return new Response(null, { status, headers });
  }) as typeof globalThis.fetch;
  return { fetch, log };
}

describe("links: external checker", () => {
  const clock = { now: () => NOW };

  it.each<[string, Reply[], string, string[]]>([
    ["HEAD ok", [200], "ok", ["HEAD"]],
    ["HEAD refused, GET ok", [405, 200], "ok", ["HEAD", "GET"]],
    ["gone", [404, 404], "broken", ["HEAD", "GET"]],
    ["410 after HEAD 403", [403, 410], "broken", ["HEAD", "GET"]],
    ["server error is not an error", [500, 503], "unverified", ["HEAD", "GET"]],
    [
      "network failure is not an error",
      [new Error("ECONNRESET"), new Error("ECONNRESET")],
      "unverified",
      ["HEAD", "GET"],
    ],
    ["429 honoured then ok", [[429, { "retry-after": "2" }], 200], "ok", ["HEAD", "HEAD"]],
    ["429 every time", [429, 429, 429, 429, 429, 429], "unverified", ["HEAD", "HEAD", "HEAD"]],
    ["429 with a very long retry-after", [[429, { "retry-after": "3600" }]], "unverified", ["HEAD"]],
  ])("%s", async (_name, replies, status, methods) => {
    const url = "https://docs.example.com/page";
    const { fetch, log } = fakeFetch({ [url]: [...replies] });
    const waits: number[] = [];
    const checker = externalLinkChecker({
      fetch,
      clock,
      sleep: async (ms) => void waits.push(ms),
      perHostIntervalMs: 0,
    });
    expect((await checker.check(url)).status).toBe(status);
    expect(log.map((l) => l.split(" ")[0])).toEqual(methods);
    if (_name === "429 honoured then ok") expect(waits).toEqual([2000]);
  });

  it("fetches each URL once, and spaces requests to the same host", async () => {
    const { fetch, log } = fakeFetch({});
    const waits: number[] = [];
    const checker = externalLinkChecker({
      fetch,
      clock,
      sleep: async (ms) => void waits.push(ms),
      perHostIntervalMs: 500,
    });
    await Promise.all([
      checker.check("https://a.example/1"),
      checker.check("https://a.example/1"),
      checker.check("https://a.example/2"),
      checker.check("https://b.example/1"),
    ]);
    expect(log.sort()).toEqual(["HEAD https://a.example/1", "HEAD https://a.example/2", "HEAD https://b.example/1"]);
    // The clock is frozen, so the second request to a.example waits the whole interval; b.example does not.
    expect(waits).toEqual([500]);
  });

  it("reports an unverifiable link as a warning, so a flaky server never fails the check", async () => {
    const { fetch } = fakeFetch({ "https://x.example/": [503, 503] });
    const { report } = await check(
      { "a.md": "# A\n\nSee <https://x.example/>.\n" },
      { ...links, externalLinks: true },
      { fetch, sleep: async () => {} },
    );
    expect(report.findings.map((f) => [f.rule, f.level, f.line])).toEqual([
      ["drift/links/external-unverified", "warning", 3],
    ]);
  });

  it.each([
    ["120", 120_000],
    ["Thu, 26 Nov 2026 12:01:00 GMT", 60_000],
    ["soon", undefined],
  ])("retry-after %s → %s ms", (value, ms) => {
    expect(retryAfterMs(value, NOW)).toBe(ms);
  });
});
