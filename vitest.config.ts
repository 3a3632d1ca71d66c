import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "bench/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["test/setup/no-network.ts"],
    pool: "forks",
  },
});
