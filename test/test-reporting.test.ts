// How the suite reports what it did not do: runs jest, with this project's jest settings,
// on a few small test files (one that skips entirely, one whose snapshot is missing, one
// that fails to load), then .ci/run's count line on jest's JSON.
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { tempDir } from './support/temp-dirs';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { test: string }; jest: { reporters: string[] } };
/** The arguments `npm test` gives jest. */
const testScriptArgs = pkg.scripts.test.split('&&').map((part) => part.trim().split(/\s+/)).find(([program]) => program === 'jest')?.slice(1) ?? [];

const FILES: Record<string, string> = {
  'passes.test.js': "test('passes', () => expect(1 + 1).toBe(2));\n",
  'all-skipped.test.js': [
    "console.warn('frobnicator programs: skipped, frobnicate not installed');",
    "describe.skip('needs frobnicate', () => { test('runs it', () => undefined); });",
  ].join('\n'),
  'silent-skip.test.js': "test.skip('quietly', () => undefined);\n",
  'new-snapshot.test.js': "test('renders', () => expect({ a: 1 }).toMatchSnapshot());\n",
  'fails-to-load.test.js': "require('./no-such-module');\ntest('never runs', () => undefined);\n",
};

let dir: string;
let run: ReturnType<typeof spawnSync>;

beforeAll(() => {
  dir = tempDir('dask-gitops-jest-');
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(dir, file), text);
  const config = {
    rootDir: dir,
    testEnvironment: 'node',
    transform: {},
    reporters: pkg.jest.reporters.map((reporter) => reporter.replace('<rootDir>', ROOT)),
  };
  writeFileSync(join(dir, 'jest.config.json'), JSON.stringify(config));
  const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
  // CI unset: `npm test` itself must refuse new snapshots on a developer's machine.
  const env = { ...process.env, CI: '', JEST_WORKER_ID: undefined };
  run = spawnSync(process.execPath, [jest, ...testScriptArgs, '--config', join(dir, 'jest.config.json'), '--json', '--outputFile', join(dir, 'report.json')], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
});

describe('npm test, with the jest settings in package.json', () => {
  test('a file whose every test skips is named with the reason it printed', () => {
    expect(run.stderr).toContain('SKIPPED all-skipped.test.js: frobnicator programs: skipped, frobnicate not installed');
  });

  test('a file that skips without a reason is named too', () => {
    expect(run.stderr).toContain('SKIPPED silent-skip.test.js: every test skipped, without a printed reason');
  });

  test('a missing snapshot fails the test and is not written', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const snapshotFile = report.testResults.find((file: { name: string }) => file.name.endsWith('new-snapshot.test.js'));
    expect(snapshotFile.assertionResults[0].status).toBe('failed');
    expect(snapshotFile.assertionResults[0].failureMessages.join('\n')).toContain('New snapshot was not written');
    expect(existsSync(join(dir, '__snapshots__'))).toBe(false);
    expect(run.status).toBe(1);
  });
});

describe('.ci/jest-summary.js (the count line of .ci/run)', () => {
  test('counts and names a test file that failed to load, and fails', () => {
    const summary = spawnSync(process.execPath, [join(ROOT, '.ci/jest-summary.js'), join(dir, 'report.json')], { cwd: dir, encoding: 'utf8' });
    expect(summary.stdout).toBe([
      '1 passed, 1 failed, 2 skipped; 5 test files, 1 failed to load',
      "  failed to load: fails-to-load.test.js: Cannot find module './no-such-module' from 'fails-to-load.test.js'",
      '',
    ].join('\n'));
    expect(summary.status).toBe(1);
  });

  test('passes a run where everything loaded and passed', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const passing = report.testResults.filter((file: { name: string }) => file.name.endsWith('passes.test.js'));
    const clean = { ...report, success: true, numFailedTests: 0, numFailedTestSuites: 0, numPendingTests: 0, numTotalTests: 1, numTotalTestSuites: 1, testResults: passing };
    writeFileSync(join(dir, 'clean.json'), JSON.stringify(clean));
    const summary = spawnSync(process.execPath, [join(ROOT, '.ci/jest-summary.js'), join(dir, 'clean.json')], { cwd: dir, encoding: 'utf8' });
    expect([summary.status, summary.stdout]).toEqual([0, '1 passed, 0 failed, 0 skipped; 1 test files, 0 failed to load\n']);
  });
});

describe("this project's jest settings", () => {
  test('run at most one worker per core, as jest reads them (it takes "150%" as 150 workers)', async () => {
    const { readConfig } = require('jest-config') as { readConfig(argv: object, root: string): Promise<{ globalConfig: { maxWorkers: number } }> };
    const { globalConfig } = await readConfig({ _: [], $0: 'jest' }, ROOT);
    expect(globalConfig.maxWorkers).toBeGreaterThanOrEqual(1);
    expect(globalConfig.maxWorkers).toBeLessThanOrEqual(availableParallelism());
  });
});
