import { runCli } from "./run.js";

// The exit code is set, not forced with process.exit, so pending stdout writes are flushed first.
process.exitCode = await runCli(process.argv.slice(2));
