/** Ed25519 keys in PEM: `audit keygen` writes NAME (PKCS#8, private, mode 0600) and NAME.pub (SPKI). node:crypto only. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { inputError } from '../errors.js';
import { readTextFile, TextFileError } from '../util/read-text.js';

const MAX_PEM_BYTES = 16 * 1024;

export function generateKeys(name: string): { privateFile: string; publicFile: string } {
  const publicFile = `${name}.pub`;
  for (const f of [name, publicFile]) if (existsSync(f)) throw inputError('E_KEY', `${f}: exists; keygen never overwrites a key`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(name, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
  return { privateFile: name, publicFile };
}

function readPem(path: string): string {
  try {
    return readTextFile(path, path, { maxBytes: MAX_PEM_BYTES });
  } catch (e) {
    if (e instanceof TextFileError) throw inputError('E_KEY', e.message);
    throw e;
  }
}

export function readPrivateKey(path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: readPem(path), format: 'pem' });
  } catch (e) {
    if ((e as { code?: string }).code === 'E_KEY') throw e;
    throw inputError('E_KEY', `${path}: not a private key in PEM (audit keygen writes one)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw inputError('E_KEY', `${path}: a ${key.asymmetricKeyType} key; audit sign uses Ed25519 ` +
    `(audit keygen)`);
  return key;
}

export function readPublicKey(path: string): KeyObject {
  const pem = readPem(path);
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) throw inputError('E_KEY', `${path}: not a public key in PEM (SPKI; audit keygen ` +
    `writes NAME.pub)`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (e) {
    if ((e as { code?: string }).code === 'E_KEY') throw e;
    throw inputError('E_KEY', `${path}: not a public key in PEM (audit keygen writes NAME.pub)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw inputError('E_KEY', `${path}: a ${key.asymmetricKeyType} key; audit verify ` +
    `expects Ed25519`);
  return key;
}
