/** A small valid go.mod for the manager contract test. */
export const sample: { fileName: string; text: string; siblings?: Record<string, string>; expectPackages: number } = {
  fileName: "go.mod",
  text: `module example.com/app

go 1.22

require (
\tgolang.org/x/text v0.14.0
\tgithub.com/pkg/errors v0.9.1 // indirect
)
`,
  expectPackages: 3, // two modules and the standard library (stdlib, at go 1.22.0)
};
