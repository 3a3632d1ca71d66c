// Encrypted backups in the one read, made by the real tools (age, gpg, openssl) and damaged on purpose: their
// structure is checked without the key (age header and chunk sizing, OpenPGP armor CRC and packet framing), and with
// the set's keys (`decryption`) the plaintext inside is decrypted in the same stream and tested by the readers.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import type { BackupSetConfig } from "@upkeep/shared/backup/types.js";
import { InputError } from "@upkeep/shared/errors.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flipByte, realPorts, requireTools, sh, tempDir } from "./tools.js";

const NOW = "2026-12-08T06:00:00Z";
const t = tempDir("upkeep-encrypted-");
const PASS = "correct horse battery staple";
const env = { UPKEEP_TEST_BACKUP_PASSPHRASE: PASS };
let n = 0;

beforeAll(() => {
  requireTools(["tar", "gzip", "age", "age-keygen", "gpg", "openssl"]);
  sh("mkdir -p keys gnupg src && chmod 700 gnupg && head -c 200000 /dev/urandom > src/blob", t.dir);
  // a 200 kB random file in a .tar.gz: four age STREAM chunks
  sh("tar -C src -czf plain.tar.gz blob && head -c 150000 plain.tar.gz > cut.tar.gz", t.dir);
  sh("age-keygen -o keys/age.txt 2>/dev/null && age-keygen -o keys/other.txt 2>/dev/null", t.dir);
  const gpg = "gpg --batch --yes --homedir gnupg --pinentry-mode loopback";
  sh(`${gpg} --passphrase '${PASS}' --quick-gen-key 'Backups <backups@example.org>' default default never`, t.dir);
  sh(`${gpg} --passphrase '${PASS}' --armor --export-secret-keys backups@example.org > keys/backup.asc`, t.dir);
});
afterAll(() => t.cleanup());

/** A folder holding one backup named for the day, made by `make` from `plain.tar.gz` (its input is $IN). */
function backup(ext: string, make: string, input = "plain.tar.gz"): { dir: string; file: string } {
  const dir = join(t.dir, `set${++n}`);
  const file = join(dir, `app-2026-12-08.${ext}`);
  sh(`mkdir -p ${dir} && IN=${input} OUT=${file} && ${make}`, t.dir);
  return { dir, file };
}

const AGE = (armor = "") => `age ${armor} -r $(age-keygen -y keys/age.txt) -o $OUT $IN`;
const GPG = (flags: string) =>
  `gpg --batch --yes --homedir gnupg --trust-model always ${flags} -r backups@example.org -o $OUT -e $IN`;

async function verify(dir: string, set: Partial<BackupSetConfig> = {}) {
  const r = await runBackupVerify(
    { sets: [{ location: dir, checksums: "none", maxAge: "1d", ...set }], cwd: t.dir },
    { ...realPorts(NOW), env: { ...process.env, ...env } },
  );
  const unreadable = r.report.findings.filter((f) => f.rule === "backup/unreadable");
  return {
    rules: r.report.findings.map((f) => f.rule),
    message: unreadable.map((f) => f.message).join("\n"),
    formats: unreadable[0]?.properties?.formats,
    summary: r.sets[0]!,
  };
}

const ageKey = { decryption: { ageIdentityFile: "keys/age.txt" } };
const pgpKey = { decryption: { openpgpKeyFile: "keys/backup.asc", passphraseEnv: "UPKEEP_TEST_BACKUP_PASSPHRASE" } };

/** Byte length of an age file's header (through the `--- MAC` line). */
function ageHeaderLength(file: string): number {
  const bytes = readFileSync(file);
  const mac = bytes.indexOf("\n--- ");
  return bytes.indexOf("\n", mac + 1) + 1;
}

function cutTo(file: string, size: number): void {
  sh(`truncate -s ${size} "${file}"`, "/");
}

describe("age without the key: header and chunk sizing", () => {
  it("a whole file passes; a cut inside the header, in a chunk tag or at a chunk boundary fails naming it", async () => {
    const ok = backup("tar.gz.age", AGE());
    expect((await verify(ok.dir)).rules).toEqual([]);

    const header = backup("tar.gz.age", AGE());
    cutTo(header.file, ageHeaderLength(header.file) - 20);
    const h = await verify(header.dir);
    expect(h.rules).toEqual(["backup/unreadable"]);
    expect(h.message).toMatch(/age: the file ends at byte \d+, inside the header \(before the --- MAC line\)/);

    const tag = backup("tar.gz.age", AGE());
    cutTo(tag.file, ageHeaderLength(tag.file) + 16 + 65552 + 5);
    expect((await verify(tag.dir)).message).toMatch(/the last STREAM chunk is 5 bytes, shorter than its 16-byte tag/);

    const boundary = backup("tar.gz.age", AGE());
    cutTo(boundary.file, ageHeaderLength(boundary.file) + 16 + 2 * 65552 + 16);
    expect((await verify(boundary.dir)).message).toMatch(/the last STREAM chunk is empty.*ends at a chunk boundary/);
  });

  it("armored: a whole file passes; a cut tail misses its END line; a damaged line is not base64", async () => {
    const ok = backup("tar.gz.age", AGE("-a"));
    expect((await verify(ok.dir)).rules).toEqual([]);

    const cut = backup("tar.gz.age", AGE("-a"));
    cutTo(cut.file, statSync(cut.file).size - 200);
    const c = await verify(cut.dir);
    expect(c.rules).toEqual(["backup/unreadable"]);
    expect(c.message).toMatch(/age armor: the text ends at byte \d+ before its -----END AGE ENCRYPTED FILE----- line/);

    const bad = backup("tar.gz.age", AGE("-a"));
    const text = readFileSync(bad.file, "latin1").split("\n");
    text[10] = `${text[10]!.slice(0, 20)}!${text[10]!.slice(21)}`;
    writeFileSync(bad.file, text.join("\n"), "latin1");
    expect((await verify(bad.dir)).message).toMatch(/age armor: a body line is not base64/);
  });
});

describe("age with an identity file: decrypted in the stream, the plaintext tested", () => {
  it("reads age → gzip → tar; a flipped payload byte, a cut at any byte and a wrong key all fail", async () => {
    const ok = backup("tar.gz.age", AGE());
    const good = await verify(ok.dir, ageKey);
    expect(good.rules).toEqual([]);
    expect(good.summary.verifiedObjects).toBe(1);

    const flipped = backup("tar.gz.age", AGE());
    flipByte(flipped.file, ageHeaderLength(flipped.file) + 16 + 70_000);
    expect((await verify(flipped.dir)).rules).toEqual([]); // without the key a flipped byte cannot be seen
    const f = await verify(flipped.dir, ageKey);
    expect(f.rules).toEqual(["backup/unreadable"]);
    expect(f.message).toMatch(/^age: chunk 1 does not authenticate: the file is damaged there/);

    // a cut the chunk sizing cannot see (inside the last chunk's data) is caught by the missing last-chunk flag
    const cut = backup("tar.gz.age", AGE());
    cutTo(cut.file, ageHeaderLength(cut.file) + 16 + 65552 * 2 + 1000);
    expect((await verify(cut.dir)).rules).toEqual([]);
    const c = await verify(cut.dir, ageKey);
    expect(c.rules).toEqual(["backup/unreadable"]);
    expect(c.message).toMatch(/^age: the last chunk \(2\) does not authenticate: the file is cut or damaged/);

    const wrong = await verify(ok.dir, { decryption: { ageIdentityFile: "keys/other.txt" } });
    expect(wrong.rules).toEqual(["backup/unreadable"]);
    expect(wrong.message).toMatch(/^age: no identity matched any of the file's recipients/);
  });

  it("a damaged archive inside the encryption is found by the reader after decryption", async () => {
    const inner = backup("tar.gz.age", AGE(), "cut.tar.gz");
    expect((await verify(inner.dir)).rules).toEqual([]);
    const r = await verify(inner.dir, ageKey);
    expect(r.rules).toEqual(["backup/unreadable"]);
    expect(r.formats).toEqual(["age", "gzip", "tar"]);
    expect(r.message).toMatch(/^gzip: unexpected end of file at byte \d+ of the decoded stream/);
  });

  it("a restore drill restores from the decrypted plaintext", async () => {
    const ok = backup("tar.gz.age", AGE());
    const r = await runBackupVerify(
      {
        sets: [{ location: ok.dir, checksums: "none", ...ageKey, restore: { type: "tar", expectPaths: ["blob"] } }],
        cwd: t.dir,
      },
      realPorts(NOW),
    );
    expect(r.report.findings).toEqual([]);
    expect(r.sets[0]!.drill).toMatchObject({ ok: true, type: "tar" });
  });
});

describe("OpenPGP without the key: packets walked to the last byte, the armor's CRC-24", () => {
  it("a whole message passes; a cut tail is short of its packet's end", async () => {
    const ok = backup("tar.gz.gpg", GPG(""));
    expect((await verify(ok.dir)).rules).toEqual([]);
    const cut = backup("tar.gz.gpg", GPG(""));
    cutTo(cut.file, statSync(cut.file).size - 100);
    const c = await verify(cut.dir);
    expect(c.rules).toEqual(["backup/unreadable"]);
    expect(c.message).toMatch(
      /OpenPGP: the file ends at byte \d+, \d+ bytes short of the end of the .*packet \(tag (18|20)\) that starts at byte \d+/,
    );
    const keyOnly = backup("tar.gz.gpg", GPG(""));
    cutTo(keyOnly.file, 40);
    expect((await verify(keyOnly.dir)).message).toMatch(/OpenPGP: the file ends at byte 40/);
  });

  it("armored: a changed character fails the CRC-24 line; a cut tail misses the END line", async () => {
    const ok = backup("tar.gz.gpg", GPG("--armor"));
    expect((await verify(ok.dir)).rules).toEqual([]);
    const bad = backup("tar.gz.gpg", GPG("--armor"));
    const text = readFileSync(bad.file, "latin1").split("\n");
    const line = text.findIndex((l, i) => i > 3 && l.length === 64);
    const c = text[line]![30] === "A" ? "B" : "A";
    text[line] = `${text[line]!.slice(0, 30)}${c}${text[line]!.slice(31)}`;
    writeFileSync(bad.file, text.join("\n"), "latin1");
    expect((await verify(bad.dir)).message).toMatch(/OpenPGP armor: the CRC-24 checksum line says [0-9a-f]{6}/);
    const cut = backup("tar.gz.gpg", GPG("--armor"));
    cutTo(cut.file, statSync(cut.file).size - 300);
    expect((await verify(cut.dir)).message).toMatch(/OpenPGP armor: the text ends at byte \d+ before its -----END/);
  });
});

describe("OpenPGP with a key or passphrase: decrypted in the stream", () => {
  it("public-key: reads openpgp → gzip → tar with the exported key; a flipped ciphertext byte fails", async () => {
    const ok = backup("tar.gz.gpg", GPG(""));
    expect((await verify(ok.dir, pgpKey)).rules).toEqual([]);
    const inner = backup("tar.gz.gpg", GPG("-z 0"), "cut.tar.gz");
    const r = await verify(inner.dir, pgpKey);
    expect(r.formats).toEqual(["openpgp", "gzip", "tar"]);
    expect(r.message).toMatch(/^gzip: unexpected end of file/);
    const flipped = backup("tar.gz.gpg", GPG("-z 0"));
    flipByte(flipped.file, statSync(flipped.file).size - 5000);
    expect((await verify(flipped.dir)).rules).toEqual([]);
    const f = await verify(flipped.dir, pgpKey);
    expect(f.rules).toEqual(["backup/unreadable"]);
    expect(f.message).toMatch(/^openpgp: /);
  });

  it("symmetric (gpg -c): the passphrase from passphraseEnv decrypts; the plaintext's damage is found", async () => {
    const make = `gpg --batch --yes --homedir gnupg --pinentry-mode loopback --passphrase '${PASS}' -c -o $OUT $IN`;
    const ok = backup("tar.gz.gpg", make);
    const passOnly = { decryption: { passphraseEnv: "UPKEEP_TEST_BACKUP_PASSPHRASE" } };
    expect((await verify(ok.dir, passOnly)).rules).toEqual([]);
    const inner = backup("tar.gz.gpg", make, "cut.tar.gz");
    expect((await verify(inner.dir)).rules).toEqual([]);
    const r = await verify(inner.dir, passOnly);
    expect(r.formats).toEqual(["openpgp", "gzip", "tar"]);
    expect(r.message).toMatch(/^gzip: unexpected end of file at byte \d+ of the decoded stream/);
  });
});

describe("OpenSSL enc", () => {
  it("a whole file passes; one cut inside its salt header fails", async () => {
    const make = "openssl enc -aes-256-cbc -pbkdf2 -pass pass:x -in $IN -out $OUT";
    const ok = backup("tar.gz.enc", make);
    expect((await verify(ok.dir)).rules).toEqual([]);
    const cut = backup("tar.gz.enc", make);
    cutTo(cut.file, 12);
    expect((await verify(cut.dir)).message).toMatch(
      /openssl: the file is 12 bytes and ends inside the Salted__ header/,
    );
  });
});

describe("decryption settings", () => {
  it("a missing identity file, an unset passphrase variable and a protected key without passphrase name the setting", async () => {
    const ok = backup("tar.gz.age", AGE());
    await expect(verify(ok.dir, { decryption: { ageIdentityFile: "keys/none.txt" } })).rejects.toThrow(
      /backups\.sets\[0\]\.decryption\.ageIdentityFile: cannot read keys\/none\.txt/,
    );
    await expect(verify(ok.dir, { decryption: { passphraseEnv: "UPKEEP_TEST_UNSET" } })).rejects.toThrow(
      /backups\.sets\[0\]\.decryption\.passphraseEnv: the variable UPKEEP_TEST_UNSET is not set/,
    );
    const protectedKey = verify(ok.dir, { decryption: { openpgpKeyFile: "keys/backup.asc" } });
    await expect(protectedKey).rejects.toBeInstanceOf(InputError);
    await expect(protectedKey).rejects.toThrow(/openpgpKeyFile: the key [0-9a-f]+ is protected/);
    await expect(verify(ok.dir, { decryption: { ageIdentityFile: "keys/backup.asc" } })).rejects.toThrow(
      /keys\/backup\.asc:1 is not an age identity/,
    );
  });
});
