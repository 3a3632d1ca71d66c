#!/usr/bin/env node
// The published `upkeep` bin: the CLI is TypeScript, so register tsx's ESM loader, then run it.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/bin.ts");
