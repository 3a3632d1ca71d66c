/** A small valid bun.lock (lockfileVersion 1) for the manager contract test. */
export const sample: { fileName: string; text: string; siblings?: Record<string, string>; expectPackages: number } = {
  fileName: "bun.lock",
  text: `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "debug": "^4.3.4",
      },
    },
  },
  "packages": {
    "debug": ["debug@4.3.4", "", { "dependencies": { "ms": "2.1.2" } }, "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ=="],

    "ms": ["ms@2.1.2", "", {}, "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w=="],
  }
}
`,
  expectPackages: 2,
};
