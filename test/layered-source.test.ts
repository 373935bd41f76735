import { join } from 'path';
import { EnvironmentFile } from '../charts/config/environment-file';
import { LayeredSource } from '../charts/config/layered-source';
import { loadEnvironment } from '../charts/config/load-environment';
import { loadEnvironments } from '../charts/config/load-environments';
import { mergeValues } from '../charts/config/merge';
import { environmentsFolder, folderProblemsOf } from './support/environment-fixtures';

const BASE = [
  'release: analytics',
  'cluster: {project: my-project, location: us-central1, name: shared}',
  'dask:',
  '  worker:',
  '    replicas: 4',
  '    env: [{name: A, value: "1"}, {name: B, value: "2"}]',
  '    resources: {limits: {cpu: 2, memory: 4Gi}}',
  '    image: {pullPolicy: Always}',
  '',
].join('\n');

describe('merging an environment over its base, as Helm layers -f files', () => {
  test('maps merge key by key, lists and scalars replace, null removes', () => {
    const dir = environmentsFolder({
      '_base.yaml': BASE,
      'dev.yaml': [
        'extends: _base',
        'namespace: dask-dev',
        'dask:',
        '  worker:',
        '    replicas: 1',
        '    env: [{name: C, value: "3"}]',
        '    resources: {limits: {memory: 2Gi}}',
        '    image: {pullPolicy: null}',
        '',
      ].join('\n'),
    });
    const env = loadEnvironment(join(dir, 'dev.yaml'));
    expect(env.release).toBe('analytics');
    expect(env.namespace).toBe('dask-dev');
    expect(env.cluster?.name).toBe('shared');
    expect(env.dask.worker.replicas).toBe(1);
    expect(env.dask.worker.env).toEqual([{ name: 'C', value: '3' }]);
    expect(env.dask.worker.resources?.limits).toEqual({ cpu: 2, memory: '2Gi' });
    // null removed the base's Always and, as in Helm, the chart default beneath it too.
    expect(env.dask.worker.image.pullPolicy).toBeUndefined();
    expect(env.dask.worker.image.repository).toBe('ghcr.io/dask/dask');
  });

  test('null drops a section a base set', () => {
    const dir = environmentsFolder({ '_base.yaml': BASE, 'local.yaml': 'extends: _base\nnamespace: local\ncluster: null\n' });
    expect(loadEnvironment(join(dir, 'local.yaml')).cluster).toBeUndefined();
  });

  test('chains: prod-eu -> prod -> _base, the nearest file winning', () => {
    const dir = environmentsFolder({
      '_base.yaml': BASE,
      'prod.yaml': 'extends: _base\nnamespace: dask-prod\ndask:\n  worker:\n    replicas: 6\n',
      'prod-eu.yaml': 'extends: prod\nnamespace: dask-prod-eu\ncluster:\n  location: europe-west1\n',
    });
    const loaded = loadEnvironments({ environmentsDir: dir, envs: ['prod', 'prod-eu'] }).map((each) => each.environment);
    const [prod, prodEu] = ['prod', 'prod-eu'].map((name) => loaded.find((env) => env.name === name)!);
    expect(prod.dask.worker.replicas).toBe(6);
    expect(prodEu.dask.worker.replicas).toBe(6);
    expect(prodEu.release).toBe('analytics');
    expect(prodEu.cluster).toMatchObject({ project: 'my-project', location: 'europe-west1', name: 'shared' });
    expect(prodEu.file).toBe(join(dir, 'prod-eu.yaml'));
  });

  test('the two null rules: -f layering keeps a null, defaults coalescing removes it', () => {
    expect(mergeValues({ a: { b: 1, c: 2 } }, { a: { b: null } }, 'keep')).toEqual({ a: { b: null, c: 2 } });
    expect(mergeValues({ a: { b: 1, c: 2 } }, { a: { b: null } })).toEqual({ a: { c: 2 } });
    expect(mergeValues({ a: [1, 2] }, { a: [3] }, 'keep')).toEqual({ a: [3] });
  });

  test('a base is never an environment: no dist/ folder for it', () => {
    const dir = environmentsFolder({ '_base.yaml': BASE, 'dev.yaml': 'extends: _base\nnamespace: dask-dev\n' });
    expect(loadEnvironments({ environmentsDir: dir, envs: [] }).map((loaded) => loaded.environment.name)).toEqual(['dev']);
  });
});

describe('where a merged value came from', () => {
  const dir = environmentsFolder({
    '_base.yaml': BASE,
    'dev.yaml': 'extends: _base\nnamespace: dask-dev\ndask:\n  worker:\n    resources: {limits: {memory: 2Gi}}\n',
  });
  const source = new LayeredSource('dev', [EnvironmentFile.read(join(dir, '_base.yaml')), EnvironmentFile.read(join(dir, 'dev.yaml'))]);

  test('a leaf: the file and line that wrote it', () => {
    expect(source.origin(['dask', 'worker', 'resources', 'limits', 'memory'])).toEqual({ file: join(dir, 'dev.yaml'), line: 5, column: 34 });
    expect(source.origin(['dask', 'worker', 'resources', 'limits', 'cpu'])).toEqual({ file: join(dir, '_base.yaml'), line: 7, column: 31 });
    expect(source.origin(['dask', 'worker', 'env', 1, 'value'])).toMatchObject({ file: join(dir, '_base.yaml'), line: 6 });
  });

  test('a value no file sets has no origin: a default applies', () => {
    expect(source.origin(['dask', 'worker', 'name'])).toBeUndefined();
    expect(source.origin(['production'])).toBeUndefined();
  });
});

describe('errors where the value was written', () => {
  test('a bad value in the base is reported once, in the base, naming every environment that inherits it', () => {
    const dir = environmentsFolder({
      '_base.yaml': 'dask:\n  worker:\n    replicas: -1\n',
      'dev.yaml': 'extends: _base\nnamespace: dask-dev\n',
      'prod.yaml': 'extends: _base\nnamespace: dask-prod\n',
    });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/_base.yaml:3:15: dask.worker.replicas: -1 is not allowed: must be >= 0 (inherited by environments dev, prod)',
    ]);
  });

  test('a base shared by a fleet names ten of the environments that inherit it, and counts the rest', () => {
    const teams = Array.from({ length: 12 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
    const dir = environmentsFolder({
      '_base.yaml': 'dask:\n  worker:\n    replicas: -1\n',
      ...Object.fromEntries(teams.map((team) => [`${team}.yaml`, `extends: _base\nnamespace: dask-${team}\n`])),
    });
    expect(folderProblemsOf(dir)).toEqual([
      `DIR/_base.yaml:3:15: dask.worker.replicas: -1 is not allowed: must be >= 0 (inherited by 12 environments: ${teams.slice(0, 10).join(', ')} and 2 more)`,
    ]);
  });

  test('a bad value in the base that an environment overrides does not name that environment', () => {
    const dir = environmentsFolder({
      '_base.yaml': 'dask:\n  worker:\n    replicas: -1\n',
      'dev.yaml': 'extends: _base\nnamespace: dask-dev\n',
      'prod.yaml': 'extends: _base\nnamespace: dask-prod\ndask:\n  worker:\n    replicas: 6\n',
    });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/_base.yaml:3:15: dask.worker.replicas: -1 is not allowed: must be >= 0 (inherited by environment dev)',
    ]);
    // Checked on its own, the base is still wrong when no environment takes the value.
    const prodOnly = environmentsFolder({ '_base.yaml': 'dask:\n  worker:\n    replicas: -1\n', 'prod.yaml': 'extends: _base\nnamespace: dask-prod\ndask:\n  worker:\n    replicas: 6\n' });
    expect(folderProblemsOf(prodOnly)).toEqual(['DIR/_base.yaml:3:15: dask.worker.replicas: -1 is not allowed: must be >= 0']);
  });

  test('a rule broken by an inherited value is located in the base; one the overlay overrides is not', () => {
    const dir = environmentsFolder({
      '_base.yaml': 'dask:\n  scheduler:\n    replicas: 2\n  worker:\n    resources: {limits: {cpu: 1}, requests: {cpu: 2}}\n',
      'dev.yaml': 'extends: _base\nnamespace: dask-dev\n',
      'prod.yaml': 'extends: _base\nnamespace: dask-prod\ndask:\n  scheduler:\n    replicas: 1\n',
    });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/_base.yaml:3:15: dask.scheduler.replicas: 2 is not allowed: Dask runs exactly one scheduler per cluster, so replicas must be 0 or 1 (inherited by environment dev)',
      "DIR/_base.yaml:5:51: dask.worker.resources.requests.cpu: 'requests.cpu' (2) must be less than or equal to 'limits.cpu' (1) (inherited by environments dev, prod)",
    ]);
  });

  test('a required key no file of the chain sets is reported in the environment', () => {
    const dir = environmentsFolder({
      '_base.yaml': 'cluster: {project: my-project, location: us-central1}\n',
      'dev.yaml': 'extends: _base\nnamespace: dask-dev\n',
      'prod.yaml': 'extends: _base\nnamespace: dask-prod\ncluster: {name: prod}\n',
    });
    // dev writes no cluster: the map is the base's, and so is the place to add the key.
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/_base.yaml:1:10: cluster: missing required key "name" (inherited by environment dev)',
    ]);
    expect(folderProblemsOf(environmentsFolder({ '_base.yaml': 'release: r\n', 'dev.yaml': 'extends: _base\n' }))).toEqual([
      'DIR/dev.yaml:1:1: (top level): missing required key "namespace"',
    ]);
  });

  test('a base is checked on its own even when nothing extends it', () => {
    const dir = environmentsFolder({ '_spare.yaml': 'dask:\n  worker:\n    replicas: many\n', 'dev.yaml': 'namespace: dask-dev\n' });
    expect(folderProblemsOf(dir)).toEqual(['DIR/_spare.yaml:3:15: dask.worker.replicas: "many" is not allowed: must be an integer']);
    // Every file is checked under --env too: a base is part of the repository's input.
    expect(folderProblemsOf(dir, ['dev'])).toEqual(folderProblemsOf(dir));
  });
});

describe('refusing a broken chain, with the chain shown', () => {
  test('a missing base', () => {
    const dir = environmentsFolder({ '_base.yaml': 'release: r\n', 'dev.yaml': 'extends: _bsae\nnamespace: dask-dev\n' });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/dev.yaml:1:10: extends: no _bsae.yaml beside this file to build on (chain: dev -> _bsae); did you mean "_base"?; files here: _base, dev',
    ]);
  });

  test('a base that extends a missing file: one line per environment, naming its chain', () => {
    const dir = environmentsFolder({ '_base.yaml': 'extends: _shared\n', 'dev.yaml': 'extends: _base\nnamespace: dask-dev\n', 'prod.yaml': 'extends: _base\nnamespace: dask-prod\n' });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/_base.yaml:1:10: extends: no _shared.yaml beside this file to build on (chain: dev -> _base -> _shared); files here: _base, dev, prod (inherited by environment dev)',
      'DIR/_base.yaml:1:10: extends: no _shared.yaml beside this file to build on (chain: prod -> _base -> _shared); files here: _base, dev, prod (inherited by environment prod)',
    ]);
  });

  test('a cycle', () => {
    const dir = environmentsFolder({
      '_a.yaml': 'extends: _b\n',
      '_b.yaml': 'extends: _a\n',
      'dev.yaml': 'extends: _a\nnamespace: dask-dev\n',
    });
    expect(folderProblemsOf(dir, ['dev'])).toEqual([
      'DIR/_b.yaml:1:10: extends: "_a" makes a cycle: dev -> _a -> _b -> _a; a chain must end in a file without extends (inherited by environment dev)',
    ]);
    expect(folderProblemsOf(environmentsFolder({ 'dev.yaml': 'extends: dev\nnamespace: dask-dev\n' }))).toEqual([
      'DIR/dev.yaml:1:10: extends: "dev" makes a cycle: dev -> dev; a chain must end in a file without extends',
    ]);
  });

  test('a base named like a dist/ folder that is not an environment', () => {
    const dir = environmentsFolder({ 'dev.yaml': 'extends: gitops\nnamespace: dask-dev\n' });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/dev.yaml:1:10: extends: "gitops" is not allowed: it names a folder of dist/ that is not an environment (gitops, bootstrap), so no file may take it (chain: dev -> gitops)',
    ]);
  });

  test('a path instead of a name', () => {
    const dir = environmentsFolder({ 'dev.yaml': 'extends: ../shared/_base.yaml\nnamespace: dask-dev\n' });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/dev.yaml:1:10: extends: "../shared/_base.yaml" is not allowed: must be the name of a file in this folder without .yaml, such as _base (a name, not a path)',
    ]);
  });
});
