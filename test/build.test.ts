// charts/run.js decides whether .build/ matches the sources. These tests run the real
// run.js and build.js on a small project of the same shape (tsconfig.json, lock file,
// schema, charts/cli/*.ts, compile-schema.ts), so that each compile takes half a second,
// not the ten the whole project takes. Its tsconfig.json is the project's without
// @types/node, whose parsing alone took most of each compile: node-globals.d.ts declares
// the little of Node these sources use.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'fs';
import { join } from 'path';
import { fileTree } from './support/file-tree';
import { tempDir } from './support/temp-dirs';

const ROOT = join(__dirname, '..');
/** The time `cp -p`, rsync and tar give a file copied from an old checkout. */
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

const SOURCES: Record<string, string> = {
  'charts/cli/exit.ts': [
    'export function runMain(main: () => Promise<void>): void {',
    '  main().catch((error: unknown) => {',
    '    console.error(String(error));',
    '    process.exit(1);',
    '  });',
    '}',
  ].join('\n'),
  'charts/cli/message.ts': "export const MESSAGE = 'A';",
  'charts/cli/synth.ts': [
    "import { MESSAGE } from './message';",
    '',
    'export async function main(): Promise<void> {',
    '  console.log(MESSAGE);',
    '}',
  ].join('\n'),
  'charts/cli/validate.ts': [
    'export async function main(): Promise<void> {',
    "  console.log('validate ran');",
    '}',
  ].join('\n'),
  'charts/cli/node-globals.d.ts': [
    'declare const console: { log(...values: unknown[]): void; error(...values: unknown[]): void };',
    'declare const process: { exit(code?: number): never };',
    'declare const __dirname: string;',
    "declare module 'fs' { export function writeFileSync(file: string, text: string): void; }",
    "declare module 'path' { export function join(...parts: string[]): string; }",
  ].join('\n'),
  'charts/config/compile-schema.ts': [
    "import { writeFileSync } from 'fs';",
    "import { join } from 'path';",
    '',
    "writeFileSync(join(__dirname, 'environment-validator.js'), 'module.exports = () => true;\\n');",
  ].join('\n'),
};

let built: string;

/** A project built once; each test works on its own copy, file times kept. */
beforeAll(() => {
  built = tempDir('dask-gitops-build-');
  for (const [file, text] of Object.entries(SOURCES)) write(built, file, `${text}\n`);
  copyFileSync(join(ROOT, 'package-lock.json'), join(built, 'package-lock.json'));
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
  writeFileSync(join(built, 'tsconfig.json'), `${JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, types: [] } }, null, 2)}\n`);
  write(built, 'environments/schema.json', '{"type": "object"}\n');
  for (const file of readdirSync(join(ROOT, 'charts')).filter((name) => name.endsWith('.js'))) copyFileSync(join(ROOT, 'charts', file), join(built, 'charts', file));
  // Every file as an old checkout would have it, so only the tests' own changes look new.
  for (const file of Object.keys(SOURCES).concat('tsconfig.json', 'package-lock.json', 'environments/schema.json')) utimesSync(join(built, file), LONG_AGO, LONG_AGO);
  symlinkSync(join(ROOT, 'node_modules'), join(built, 'node_modules'));
  const build = runJs(built, 'build');
  expect([build.status, build.stderr]).toEqual([0, expect.stringMatching(/^Compiling TypeScript/)]);
});

function project(): string {
  const root = join(tempDir('dask-gitops-build-'), 'project');
  cpSync(built, root, { recursive: true, preserveTimestamps: true, filter: (from) => from !== join(built, 'node_modules') });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** Writes a file as `cp -p` from an older copy would: new content, old time. */
function writeWithOldTime(root: string, file: string, text: string): void {
  write(root, file, text);
  utimesSync(join(root, file), LONG_AGO, LONG_AGO);
}

function runJs(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'charts/run.js'), ...args], { cwd: root, encoding: 'utf8' });
}

function synthSays(root: string): string {
  const result = runJs(root, 'synth');
  expect(result.stderr).not.toMatch(/failed/);
  return result.stdout.trim();
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('charts/run.js builds from the content of the sources', () => {
  test('an unchanged project is not compiled again', () => {
    const root = project();
    const result = runJs(root, 'synth');
    expect(result.stdout).toBe('A\n');
    expect(result.stderr).toBe('');
  });

  test('a source copied in with an older time (cp -p) is compiled', () => {
    const root = project();
    writeWithOldTime(root, 'charts/cli/message.ts', "export const MESSAGE = 'B';\n");
    expect(synthSays(root)).toBe('B');
  });

  test('the lock file, tsconfig.json, the schema and every file under charts/ and bootstrap/ count as sources', () => {
    const root = project();
    const { sourceDigest } = require(join(root, 'charts/build.js')) as { sourceDigest(root: string): string };
    const digests = [sourceDigest(root)];
    for (const file of ['package-lock.json', 'tsconfig.json', 'environments/schema.json', 'charts/cli/exit.ts', 'bootstrap/new.ts']) {
      writeWithOldTime(root, file, `${readIfThere(join(root, file))}\n`);
      digests.push(sourceDigest(root));
    }
    expect(new Set(digests).size).toBe(digests.length);
  });

  test('deleted and renamed sources leave no output behind, and a deleted command no longer runs', () => {
    const root = project();
    expect(runJs(root, 'validate').stdout).toBe('validate ran\n');
    rmSync(join(root, 'charts/cli/validate.ts'));
    renameSync(join(root, 'charts/cli/message.ts'), join(root, 'charts/cli/words.ts'));
    writeWithOldTime(root, 'charts/cli/synth.ts', SOURCES['charts/cli/synth.ts'].replace("'./message'", "'./words'"));
    const result = runJs(root, 'validate');
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: charts/cli/validate.ts is gone: 'validate' is not a command of this project");
    expect(result.status).toBe(2);
    expect(existsSync(join(root, '.build/charts/cli/validate.js'))).toBe(false);
    expect(existsSync(join(root, '.build/charts/cli/message.js'))).toBe(false);
    expect(synthSays(root)).toBe('A');
  });

  test('a failed build changes nothing and is not recorded', () => {
    const root = project();
    const before = fileTree(join(root, '.build'));
    const original = statSync(join(root, 'charts/cli/message.ts'));
    write(root, 'charts/cli/message.ts', "export const MESSAGE = 'B';\nexport const BROKEN: number = 'text';\n");
    const failed = runJs(root, 'build');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("charts/cli/message.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(failed.stderr).toContain('TypeScript compilation failed (1 error above); .build/ is left as it was.');
    expect(fileTree(join(root, '.build'))).toEqual(before);
    // Put back as `git checkout` of an old tree or `cp -p` would: the old text and time.
    writeWithOldTime(root, 'charts/cli/message.ts', `${SOURCES['charts/cli/message.ts']}\n`);
    utimesSync(join(root, 'charts/cli/message.ts'), original.atime, original.mtime);
    expect(synthSays(root)).toBe('A');
  });

  test('a build killed midway changes nothing and is not recorded', async () => {
    const root = project();
    const before = fileTree(join(root, '.build'));
    write(root, 'charts/cli/message.ts', "export const MESSAGE = 'B';\n");
    const child = spawn(process.execPath, [join(root, 'charts/run.js'), 'build'], { cwd: root, stdio: 'ignore' });
    const done = exited(child);
    await waitFor(() => existsSync(join(root, '.build-staging/charts')), 'the build to start');
    child.kill('SIGKILL');
    await done;
    expect(fileTree(join(root, '.build'))).toEqual(before);
    writeWithOldTime(root, 'charts/cli/message.ts', `${SOURCES['charts/cli/message.ts']}\n`);
    expect(synthSays(root)).toBe('A');
    write(root, 'charts/cli/message.ts', "export const MESSAGE = 'C';\n");
    expect(synthSays(root)).toBe('C');
    expect(readdirSync(root).filter((name) => name.startsWith('.build-'))).toEqual([]);
  });

  test('a source saved while the compiler runs is compiled before anything runs', async () => {
    const root = project();
    write(root, 'charts/cli/message.ts', "export const MESSAGE = 'B';\n");
    const child = spawn(process.execPath, [join(root, 'charts/run.js'), 'synth'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    const done = exited(child);
    // Saved once the compiler has read it: B's output is being written, in staging or in place.
    const emittedB = (folder: string) => readIfThere(join(root, folder, 'charts/cli/message.js')).includes("'B'");
    await waitFor(() => emittedB('.build-staging') || emittedB('.build'), 'the compiler to emit');
    write(root, 'charts/cli/message.ts', "export const MESSAGE = 'C';\n");
    await done;
    // This run began with B and may have run it; the next must not.
    expect(['B\n', 'C\n']).toContain(stdout);
    expect(synthSays(root)).toBe('C');
  });
});
