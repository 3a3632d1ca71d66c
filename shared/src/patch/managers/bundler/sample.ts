/** A small valid Gemfile.lock for the manager contract test. */
export const sample: { fileName: string; text: string; siblings?: Record<string, string>; expectPackages: number } = {
  fileName: "Gemfile.lock",
  text: `GEM
  remote: https://rubygems.org/
  specs:
    rack (3.1.8)
    rack-session (2.0.0)
      rack (>= 3.0.0)

PLATFORMS
  ruby

DEPENDENCIES
  rack-session

BUNDLED WITH
   2.5.22
`,
  expectPackages: 2,
};
