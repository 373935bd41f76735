// charts/code-cache.js runs a command bundle through V8's code cache. Each case runs a
// small bundle in a child process, as charts/run.js does, and looks at what it printed
// and at the cache files beside it.
import { spawnSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from './support/temp-dirs';

const CODE_CACHE = join(__dirname, '..', 'charts', 'code-cache.js');
const { BUNDLE_BANNER } = require(CODE_CACHE) as { BUNDLE_BANNER: string };
const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);

/** A bundle as charts/build.js writes it: the banner, then a module exporting main(). */
function writeBundle(dir: string, digest: string | undefined, body: string): string {
  const file = join(dir, 'synth.js');
  writeFileSync(file, `${digest === undefined ? '' : `${BUNDLE_BANNER}${digest}\n`}${body}\n`);
  return file;
}

/** Runs the bundle's main() the way charts/run.js does; `exitCode` is what main leaves. */
function run(bundle: string) {
  const script = `const b = require(${JSON.stringify(CODE_CACHE)}).requireBundle(${JSON.stringify(bundle)}); b.main();`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

function caches(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.v8-cache')).sort();
}

describe('charts/code-cache.js', () => {
  test('a successful run leaves a cache named by the digest in the banner, and the next run reads it', () => {
    const dir = tempDir('dask-gitops-code-cache-');
    const bundle = writeBundle(dir, DIGEST_A, "exports.main = () => console.log('A');");
    expect(run(bundle).stdout).toBe('A\n');
    expect(caches(dir)).toEqual([`synth.${DIGEST_A}.v8-cache`]);
    const cache = readFileSync(join(dir, caches(dir)[0]));
    expect(run(bundle).stdout).toBe('A\n');
    // Accepted, so left as it was (a rejected one is written again).
    expect(readFileSync(join(dir, caches(dir)[0]))).toEqual(cache);
  });

  test("another build's bundle of the same length never meets the old cache: it runs its own code", () => {
    const dir = tempDir('dask-gitops-code-cache-');
    const before = writeBundle(dir, DIGEST_A, "exports.main = () => console.log('old');");
    expect(run(before).stdout).toBe('old\n');
    // V8 checks a cache only against its source's length; the digest tells the two apart.
    const after = writeBundle(dir, DIGEST_B, "exports.main = () => console.log('new');");
    expect(readFileSync(after, 'utf8').length).toBe(readFileSync(before, 'utf8').length);
    expect(run(after).stdout).toBe('new\n');
    expect(caches(dir)).toEqual([`synth.${DIGEST_A}.v8-cache`, `synth.${DIGEST_B}.v8-cache`]);
  });

  test('a damaged cache is rejected by V8, the bundle still runs, and the cache is written again', () => {
    const dir = tempDir('dask-gitops-code-cache-');
    const bundle = writeBundle(dir, DIGEST_A, "exports.main = () => console.log('A');");
    const cache = join(dir, `synth.${DIGEST_A}.v8-cache`);
    writeFileSync(cache, Buffer.alloc(4096, 7));
    const result = run(bundle);
    expect([result.status, result.stdout, result.stderr]).toEqual([0, 'A\n', '']);
    expect(readFileSync(cache).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  test('a failed run writes no cache', () => {
    const dir = tempDir('dask-gitops-code-cache-');
    const bundle = writeBundle(dir, DIGEST_A, 'exports.main = () => { process.exitCode = 1; };');
    expect(run(bundle).status).toBe(1);
    expect(caches(dir)).toEqual([]);
  });

  test('a bundle without the banner runs without a cache', () => {
    const dir = tempDir('dask-gitops-code-cache-');
    const bundle = writeBundle(dir, undefined, "exports.main = () => console.log('A');");
    expect(run(bundle).stdout).toBe('A\n');
    expect(readdirSync(dir)).toEqual(['synth.js']);
  });

  test('a cache it cannot read or write (its name taken by a folder) leaves the run as it was', () => {
    const dir = tempDir('dask-gitops-code-cache-');
    const bundle = writeBundle(dir, DIGEST_A, "exports.main = () => console.log('A');");
    const cache = join(dir, `synth.${DIGEST_A}.v8-cache`);
    mkdirSync(join(cache, 'taken'), { recursive: true });
    const result = run(bundle);
    expect([result.status, result.stdout, result.stderr]).toEqual([0, 'A\n', '']);
    // No partial file left behind.
    expect(readdirSync(dir).sort()).toEqual([`synth.${DIGEST_A}.v8-cache`, 'synth.js']);
  });
});
