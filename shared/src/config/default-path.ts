/** Where the configuration lives in a repository. */
export const DEFAULT_CONFIG_PATH = ".github/upkeep.yml";
