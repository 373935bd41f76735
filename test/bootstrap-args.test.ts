import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { parseArgs, parseDuration } from '../bootstrap/args';
import { environmentFile } from '../bootstrap/cli';
import { tempDir } from './support/temp-dirs';

describe('parseArgs', () => {
  it('runs all by default, and takes --flag value and --flag=value alike', () => {
    expect(parseArgs(['--env', 'dev'], '/repo')).toEqual({ step: 'all', env: 'dev', plan: false, yes: false, dist: undefined, timeoutMs: undefined, help: false });
    expect(parseArgs(['sync', '--env=prod', '--plan', '-y', '--dist=out', '--timeout=1h30m'], '/repo'))
      .toEqual({ step: 'sync', env: 'prod', plan: true, yes: true, dist: '/repo/out', timeoutMs: 90 * 60_000, help: false });
  });

  it('needs a value after --env', () => {
    expect(() => parseArgs(['--env', '--plan'])).toThrow(new UsageError("'--env' needs a value"));
  });
});

describe('parseDuration', () => {
  it('reads Go-style durations', () => {
    expect(parseDuration('45m')).toBe(45 * 60_000);
    expect(parseDuration('90s')).toBe(90_000);
  });

  it('refuses zero', () => {
    expect(() => parseDuration('0s')).toThrow(new UsageError("'--timeout' must be longer than 0"));
  });
});

describe('environmentFile', () => {
  it('finds environments/<name>.yaml under the current folder, and takes a path as it is', () => {
    const root = tempDir('bootstrap-args-');
    mkdirSync(join(root, 'environments'));
    writeFileSync(join(root, 'environments', 'dev.yaml'), 'namespace: x\n');
    writeFileSync(join(root, 'environments', 'prod.yaml'), 'namespace: x\n');
    expect(environmentFile('dev', root)).toBe(join(root, 'environments', 'dev.yaml'));
    expect(environmentFile('environments/prod.yaml', root)).toBe(join(root, 'environments', 'prod.yaml'));
    expect(() => environmentFile('stage', root)).toThrow(new UsageError(`--env stage: ${join(root, 'environments', 'stage.yaml')} not found; environments here: dev, prod`));
  });

  it('says where to run from when there is no environments/ folder', () => {
    const root = tempDir('bootstrap-args-');
    expect(() => environmentFile('dev', root)).toThrow(/not found; run from the repository root, where environments\/ is$/);
  });
});
