// The action runner harness: run a built action as GitHub's runner would and read back what it produced.
export { type ActionMetadata, inputEnvName, readActionMetadata } from "./action-metadata.js";
export { parseKeyValueFile, parsePathFile } from "./file-commands.js";
export { node24Path, repoRoot } from "./node24.js";
export { type ActionResult, type RunActionOptions, runAction } from "./run-action.js";
export { webhookExample } from "./webhook-example.js";
export { type Annotation, parseWorkflowCommands } from "./workflow-commands.js";
