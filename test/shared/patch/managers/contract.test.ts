// The manager contract (design §3): every registered lockfile manager is checked here, so adding one means
// adding its folder (index.ts + sample.ts) and its registry entry, and this test says what is missing.

import { InputError } from "@upkeep/shared/errors.js";
import { managers } from "@upkeep/shared/patch/managers/registry.js";
import { ECOSYSTEMS, type Manager, type ManagerContext } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

interface ManagerSample {
  fileName: string;
  text: string;
  siblings?: Record<string, string>;
  expectPackages: number;
}

async function loadFolder(id: string): Promise<{ index: Record<string, unknown>; sample: ManagerSample }> {
  const index = (await import(`@upkeep/shared/patch/managers/${id}/index.ts`)) as Record<string, unknown>;
  const mod = (await import(`@upkeep/shared/patch/managers/${id}/sample.ts`)) as { sample?: ManagerSample };
  if (!mod.sample) throw new Error(`managers/${id}/sample.ts must export \`sample\``);
  return { index, sample: mod.sample };
}

function contextOf(siblings: Record<string, string> = {}): ManagerContext {
  return { readSibling: async (name) => siblings[name] };
}

const GARBAGE = '\u0000\u0001 garbage {{[[ "unterminated <<<>>> ;;\n\tnot a lockfile at all ]]}}';
const entries = [...managers.entries()];

describe("lockfile manager contract", () => {
  it("has managers registered", () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  describe.each(entries.map(([key, manager]) => ({ key, manager })))(
    "$key",
    ({ key, manager }: { key: string; manager: Manager }) => {
      it("is registered under its id, which is its folder name, and its folder's index.ts exports it", async () => {
        expect(manager.id).toBe(key);
        const { index } = await loadFolder(key);
        expect(Object.values(index)).toContain(manager);
      });

      it("declares an ecosystem, file names and supported versions", () => {
        expect(ECOSYSTEMS).toContain(manager.ecosystem);
        expect(manager.fileNames.length).toBeGreaterThan(0);
        for (const name of manager.fileNames) expect(name).not.toContain("/");
        expect(manager.supportedVersions.length).toBeGreaterThan(0);
      });

      it.each([
        ["an empty file", ""],
        ["a blank file", "\n  \n"],
        ["garbage", GARBAGE],
      ])("rejects %s with an InputError naming the file", async (_label, text) => {
        const file = `some/dir/${manager.fileNames[0]}`;
        const error = await manager.parse(file, text, contextOf()).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).toContain(file);
      });

      it("parses its sample: every package has an ecosystem, a version, the file, and a line inside it", async () => {
        const { sample } = await loadFolder(key);
        expect(manager.fileNames).toContain(sample.fileName);
        const file = `app/${sample.fileName}`;
        const parsed = await manager.parse(file, sample.text, contextOf(sample.siblings));
        expect(parsed.manager).toBe(manager.id);
        expect(parsed.file).toBe(file);
        expect(parsed.packages).toHaveLength(sample.expectPackages);
        const lineCount = sample.text.split("\n").length;
        const withLine = parsed.packages.filter((p) => p.line !== undefined);
        // A manager either gives lines for its packages or for none of them.
        expect([0, parsed.packages.length]).toContain(withLine.length);
        const ids = new Set<string>();
        for (const p of parsed.packages) {
          expect(p.ecosystem).toBe(manager.ecosystem);
          expect(p.name).not.toBe("");
          expect(p.version).not.toBe("");
          expect(p.file).toBe(file);
          expect(ids.has(p.id)).toBe(false);
          ids.add(p.id);
          if (p.line !== undefined) {
            expect(Number.isInteger(p.line)).toBe(true);
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.line).toBeLessThanOrEqual(lineCount);
          }
        }
        for (const p of parsed.packages) for (const d of p.dependencies) expect(ids).toContain(d);
        for (const s of parsed.skipped) expect(s.reason).not.toBe("");
      });
    },
  );
});
