export { applyDefaults } from "./defaults.js";
export { renderConfigDocs } from "./docs.js";
export { fileSystemConfigSource } from "./fs-source.js";
export { type ContentsRequester, gitHubConfigSource } from "./github-source.js";
export { DEFAULT_CONFIG_PATH, type ExtendsRef, loadConfig, MAX_EXTENDS_DEPTH, parseExtends } from "./load.js";
export { deepMerge } from "./merge.js";
export { type ParsedConfigFile, parseConfigFile, parseConfigText } from "./parse.js";
export { isTimeZone, type SchemaNode, schemaValidator, upkeepSchema } from "./schema.js";
export type * from "./types.js";
