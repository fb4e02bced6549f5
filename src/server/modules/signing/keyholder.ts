import { createHash, createPrivateKey, generateKeyPair, type KeyObject, randomBytes, sign } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { type Config, loadConfig } from '../../config'
import { masterKeyMissing, masterKeyTooShort, masterKeyWrong } from './errors'
import type { SignatureAlgorithm } from './types'

/**
 * Where private keys live and where signatures are made: the one narrow interface between Sen's
 * signing module and its keys. Certificates are public and live in signing_keys whatever the
 * holder; only the private half is the holder's business. The embedded LocalKeyHolder keeps keys
 * encrypted in the database; an HSM (PKCS#11) or a remote signing service implements the same two
 * methods (see README.md in this folder).
 */
export interface KeyHolder {
  /** A name for logs and the key list ('local', 'pkcs11', …). */
  readonly name: string
  /**
   * Makes a new RSA-2048 key pair for the key `keyId` (the signing_keys row about to be written).
   * Returns its public key (SubjectPublicKeyInfo, DER) for the certificate, and what to store in
   * signing_keys.encrypted_key_pem: the encrypted key, or null when the holder keeps it (an HSM).
   */
  generateKey(keyId: string): Promise<{ publicKeySpki: Uint8Array; stored: string | null }>
  /** Signs `data` (the holder hashes it) with the private key of `key`. */
  sign(
    key: { id: string; encryptedKeyPem: string | null },
    data: Uint8Array,
    algorithm: SignatureAlgorithm,
  ): Promise<Uint8Array>
}

const generateKeyPairAsync = promisify(generateKeyPair)

/**
 * Keys in the signing_keys table, each private key encrypted as PKCS#8 (PBES2: PBKDF2 + AES-256-CBC)
 * under a master key that never enters the database. Decrypted keys are kept in memory, so a key
 * pays the PBKDF2 cost once per process.
 */
export class LocalKeyHolder implements KeyHolder {
  readonly name = 'local'
  readonly #masterKey: string
  readonly #cache = new Map<string, KeyObject>()

  constructor(masterKey: string) {
    if (masterKey.length < 32) throw masterKeyTooShort()
    this.#masterKey = masterKey
  }

  async generateKey(_keyId: string) {
    const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 })
    const stored = privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: this.#masterKey,
    }) as string
    return { publicKeySpki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), stored }
  }

  async sign(key: { id: string; encryptedKeyPem: string | null }, data: Uint8Array, _algorithm: 'RS256') {
    return new Uint8Array(sign('sha256', data, this.#privateKey(key)))
  }

  #privateKey(key: { id: string; encryptedKeyPem: string | null }): KeyObject {
    if (!key.encryptedKeyPem) throw new Error(`key ${key.id} is not held by the local key holder`)
    // Keyed by the stored text as well: a re-keyed row never meets a stale cache entry.
    const cacheKey = `${key.id}:${createHash('sha256').update(key.encryptedKeyPem).digest('base64url')}`
    let privateKey = this.#cache.get(cacheKey)
    if (!privateKey) {
      try {
        privateKey = createPrivateKey({
          key: key.encryptedKeyPem,
          format: 'pem',
          passphrase: this.#masterKey,
        })
      } catch {
        throw masterKeyWrong()
      }
      if (this.#cache.size >= 10_000) this.#cache.clear()
      this.#cache.set(cacheKey, privateKey)
    }
    return privateKey
  }
}

export const MASTER_KEY_ENV = 'SEN_SIGNING_MASTER_KEY'

// One per process when neither the environment nor a data directory gives one: tests, memory:// trials.
let ephemeralMasterKey: string | undefined

/**
 * The master key that encrypts the local private keys: SEN_SIGNING_MASTER_KEY; required in production.
 * Elsewhere one generated at first start and kept in <data dir>/secrets/signing-master-key (mode 0600);
 * tests and in-memory databases get one per process.
 */
export function resolveMasterKey(
  config: Pick<Config, 'env' | 'dataDir'>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const given = env[MASTER_KEY_ENV]
  if (given) return given
  if (config.env === 'production') throw masterKeyMissing()
  if (config.env === 'test' || config.dataDir.startsWith('memory://')) {
    ephemeralMasterKey ??= randomBytes(32).toString('base64url')
    return ephemeralMasterKey
  }
  const file = path.join(config.dataDir, 'secrets', 'signing-master-key')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
    } catch (error) {
      // Another process wrote it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return fs.readFileSync(file, 'utf8').trim()
}

let current: KeyHolder | undefined

/**
 * Chooses the key holder for this process. Call it before the server starts to use an HSM or a
 * remote signing service; without a call, the first signature uses a LocalKeyHolder.
 */
export function setKeyHolder(holder: KeyHolder): void {
  current = holder
}

export function hasKeyHolder(): boolean {
  return current !== undefined
}

/** The key holder of this process: the one set, or a LocalKeyHolder with the master key of `config`. */
export function keyHolder(config?: Pick<Config, 'env' | 'dataDir'>): KeyHolder {
  current ??= new LocalKeyHolder(resolveMasterKey(config ?? loadConfig(process.env)))
  return current
}
