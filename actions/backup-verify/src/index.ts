// Entry point of the bundle (dist/index.js): the runner starts it with `node`, so it runs the action.
import { run } from "./main.js";

await run();
