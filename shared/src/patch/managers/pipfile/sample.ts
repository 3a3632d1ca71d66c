/** A small valid Pipfile.lock (pipfile-spec 6) for the manager contract test. */
export const sample: { fileName: string; text: string; siblings?: Record<string, string>; expectPackages: number } = {
  fileName: "Pipfile.lock",
  text: `{
    "_meta": {
        "hash": { "sha256": "0000000000000000000000000000000000000000000000000000000000000000" },
        "pipfile-spec": 6,
        "requires": { "python_version": "3.12" },
        "sources": [{ "name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true }]
    },
    "default": {
        "requests": { "hashes": [], "index": "pypi", "markers": "python_version >= '3.8'", "version": "==2.32.3" }
    },
    "develop": {
        "pytest": { "hashes": [], "index": "pypi", "version": "==8.3.3" }
    }
}
`,
  expectPackages: 2,
};
