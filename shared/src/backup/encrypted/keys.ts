/**
 * Loads the keys of a set's `decryption` settings: an age identity file, an OpenPGP secret key file
 * (armored, as `gpg --export-secret-keys --armor` writes it) and a passphrase from an environment
 * variable. Every problem is an InputError naming the setting.
 */

import { isAbsolute, resolve } from "node:path";
import type * as openpgp from "openpgp";
import { InputError } from "../../errors.js";
import type { BackupPorts, DecryptionConfig } from "../types.js";
import type { DecryptionKeys } from "./index.js";

/** The keys of `config`, or undefined when none is configured. */
export async function loadDecryptionKeys(
  config: DecryptionConfig | undefined,
  ports: BackupPorts,
  cwd: string,
  where: string,
): Promise<DecryptionKeys | undefined> {
  if (!config || (!config.ageIdentityFile && !config.openpgpKeyFile && !config.passphraseEnv)) return undefined;
  const path = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const read = async (file: string, setting: string) => {
    try {
      return await ports.files.readText(path(file));
    } catch (err) {
      throw new InputError(`${where}.decryption.${setting}: cannot read ${file}`, {
        hint: "give the path of the key file on the machine that runs backup-verify",
        cause: err,
      });
    }
  };
  let passphrase: string | undefined;
  if (config.passphraseEnv) {
    passphrase = ports.env?.[config.passphraseEnv];
    if (passphrase === undefined || passphrase === "")
      throw new InputError(`${where}.decryption.passphraseEnv: the variable ${config.passphraseEnv} is not set`, {
        hint: `set ${config.passphraseEnv} (e.g. from a secret) to the backups' passphrase`,
      });
  }
  const ageIdentities: string[] = [];
  if (config.ageIdentityFile) {
    const text = await read(config.ageIdentityFile, "ageIdentityFile");
    for (const [i, raw] of text.split("\n").entries()) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      if (!/^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(line))
        throw new InputError(
          `${where}.decryption.ageIdentityFile: ${config.ageIdentityFile}:${i + 1} is not an age identity (AGE-SECRET-KEY-1…)`,
          { hint: "make one with age-keygen -o key.txt; plugin and SSH identities are not supported" },
        );
      ageIdentities.push(line);
    }
    if (ageIdentities.length === 0)
      throw new InputError(`${where}.decryption.ageIdentityFile: ${config.ageIdentityFile} holds no identity`);
  }
  const openpgpKeys: openpgp.PrivateKey[] = [];
  if (config.openpgpKeyFile) {
    const pgp = await import("openpgp");
    const text = await read(config.openpgpKeyFile, "openpgpKeyFile");
    let keys: openpgp.PrivateKey[];
    try {
      keys = await pgp.readPrivateKeys({ armoredKeys: text });
    } catch (err) {
      throw new InputError(
        `${where}.decryption.openpgpKeyFile: ${config.openpgpKeyFile} is not an armored OpenPGP secret key`,
        { hint: "export it with gpg --export-secret-keys --armor KEYID > key.asc", cause: err },
      );
    }
    for (const key of keys) {
      if (key.isDecrypted()) {
        openpgpKeys.push(key);
        continue;
      }
      if (passphrase === undefined)
        throw new InputError(`${where}.decryption.openpgpKeyFile: the key ${key.getKeyID().toHex()} is protected`, {
          hint: "give its passphrase in the variable named by decryption.passphraseEnv",
        });
      try {
        openpgpKeys.push(await pgp.decryptKey({ privateKey: key, passphrase }));
      } catch (err) {
        throw new InputError(
          `${where}.decryption.passphraseEnv: ${config.passphraseEnv} does not unlock the key ${key.getKeyID().toHex()}`,
          { cause: err },
        );
      }
    }
  }
  return { ageIdentities, openpgpKeys, ...(passphrase !== undefined ? { passphrase } : {}) };
}
