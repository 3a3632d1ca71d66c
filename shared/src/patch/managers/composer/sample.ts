/** A small valid composer.lock for the manager contract test. */
export const sample: { fileName: string; text: string; siblings?: Record<string, string>; expectPackages: number } = {
  fileName: "composer.lock",
  text: `{
    "_readme": [
        "This file locks the dependencies of your project to a known state",
        "This file is @generated automatically"
    ],
    "content-hash": "00000000000000000000000000000000",
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "3.7.0",
            "require": { "php": ">=8.1", "psr/log": "^2.0 || ^3.0" },
            "type": "library"
        },
        {
            "name": "psr/log",
            "version": "3.0.2",
            "require": { "php": ">=8.0.0" },
            "type": "library"
        }
    ],
    "packages-dev": [],
    "aliases": [],
    "minimum-stability": "stable",
    "platform": {},
    "plugin-api-version": "2.6.0"
}
`,
  expectPackages: 2,
};
