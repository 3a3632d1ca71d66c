/** A small valid pinned requirements.txt for the manager contract test. */
export const sample: { fileName: string; text: string; siblings?: Record<string, string>; expectPackages: number } = {
  fileName: "requirements.txt",
  text: "# pinned\nrequests==2.32.3 \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\nDjango[bcrypt]==5.0.9 ; python_version >= '3.10'\n",
  expectPackages: 2,
};
