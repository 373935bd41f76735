import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { loadEnvironments } from '../charts/cli/synth';
import { parseArgs, parseDuration } from '../bootstrap/args';
import { resolveEnvironmentFile as environmentFile } from '../charts/config/environment-files';
import { tempDir } from './support/temp-dirs';

describe('parseArgs', () => {
  it('runs all by default, and takes --flag value and --flag=value alike', () => {
    expect(parseArgs(['--env', 'dev'], '/repo')).toEqual({ step: 'all', env: 'dev', plan: false, yes: false, dist: undefined, timeoutMs: undefined, removeOtherAdmins: false, help: false });
    expect(parseArgs(['sync', '--env=prod', '--plan', '-y', '--dist=out', '--timeout=1h30m'], '/repo'))
      .toEqual({ step: 'sync', env: 'prod', plan: true, yes: true, dist: '/repo/out', timeoutMs: 90 * 60_000, removeOtherAdmins: false, help: false });
  });

  it('needs a value after --env', () => {
    expect(() => parseArgs(['--env', '--plan'])).toThrow(new UsageError("'--env' needs a value: --env <name> (or --env=<name>)"));
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
  function project(files: string[]): string {
    const root = tempDir('bootstrap-args-');
    mkdirSync(join(root, 'environments'));
    for (const file of files) writeFileSync(join(root, 'environments', file), 'namespace: x\n');
    return root;
  }

  it('finds environments/<name>.yaml or .yml under the current folder, and takes a path as it is', () => {
    const root = project(['dev.yaml', 'prod.yaml', 'stage.yml', 'schema.json']);
    expect(environmentFile('dev', root)).toBe(join(root, 'environments', 'dev.yaml'));
    expect(environmentFile('stage', root)).toBe(join(root, 'environments', 'stage.yml'));
    expect(environmentFile('environments/prod.yaml', root)).toBe(join(root, 'environments', 'prod.yaml'));
  });

  it('refuses an unknown name with the same message as synth', () => {
    const root = project(['dev.yaml', 'stage.yml']);
    const message = '\'--env\' "qa": no such environment; available: dev, stage';
    expect(() => environmentFile('qa', root)).toThrow(new UsageError(message));
    expect(() => loadEnvironments({ envs: ['qa'], environmentsDir: join(root, 'environments') })).toThrow(new UsageError(message));
  });

  it('names a path that is not there', () => {
    const root = project([]);
    expect(() => environmentFile('environments/qa.yaml', root)).toThrow(new UsageError(`'--env' "environments/qa.yaml": ${join(root, 'environments', 'qa.yaml')} not found`));
  });

  it('says where to run from when there is no environments/ folder', () => {
    const root = tempDir('bootstrap-args-');
    expect(() => environmentFile('dev', root)).toThrow(new UsageError(`'--env' "dev": no environments/ folder in ${root}: run from the repository root, or give the file's path`));
  });
});
