// Jupyter password hashes, as jupyter_server.auth.passwd writes them and
// jupyter_server.auth.passwd_check reads them.
import { createHash, randomBytes } from 'crypto';

/**
 * jupyter_server's passwd: argon2-cffi's PasswordHasher(memory_cost=10240,
 * time_cost=10, parallelism=8), whose hash and salt lengths default to 16 bytes.
 */
export const JUPYTER_ARGON2 = { memorySize: 10240, iterations: 10, parallelism: 8, hashLength: 16, saltLength: 16 } as const;

/** passwd's sha1 salt: 12 hex characters (48 random bits). */
const SHA_SALT_BYTES = 6;

export const HASH_ALGORITHMS = ['argon2', 'sha1'] as const;
export type HashAlgorithm = typeof HASH_ALGORITHMS[number];

// Hashes as jupyter_server.auth.passwd (and notebook.auth.passwd) write them.
const PASSWORD_HASH = [
  /^argon2:\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/,
  /^sha(1|256|512):[0-9a-f]+:[0-9a-f]{40,128}$/,
];

export function isJupyterPasswordHash(value: string): boolean {
  return PASSWORD_HASH.some((pattern) => pattern.test(value));
}

/** A hash Jupyter accepts for `password`; `random` is replaceable so tests can check known vectors. */
export async function jupyterPasswordHash(password: string, algorithm: HashAlgorithm = 'argon2', random: (size: number) => Buffer = randomBytes): Promise<string> {
  if (algorithm === 'sha1') {
    const salt = random(SHA_SALT_BYTES).toString('hex');
    const digest = createHash('sha1').update(Buffer.concat([Buffer.from(password, 'utf8'), Buffer.from(salt, 'ascii')])).digest('hex');
    return `sha1:${salt}:${digest}`;
  }
  // Loaded here only: the WebAssembly module is no business of synth's start-up.
  const { argon2id } = await import('hash-wasm');
  const { saltLength, ...parameters } = JUPYTER_ARGON2;
  const encoded = await argon2id({ password, salt: random(saltLength), ...parameters, outputType: 'encoded' });
  return `argon2:${encoded}`;
}
