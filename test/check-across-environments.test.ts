import { writeFileSync } from 'fs';
import { join } from 'path';
import { InputError } from '../charts/config/errors';
import { loadEnvironments } from '../charts/config/load-environments';
import { tempDir } from './support/temp-dirs';

const CLUSTER = 'cluster: {project: my-project, location: us-central1-a, name: dask}\n';

/** An environments folder holding these files; returns its path. */
function environments(files: Record<string, string>): string {
  const dir = tempDir('dask-gitops-across-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The formatted problems loading the folder reports, the folder's path replaced by DIR. */
function problemsOf(dir: string, envs: string[] = []): string[] {
  try {
    loadEnvironments({ envs, environmentsDir: dir });
  } catch (error) {
    if (error instanceof InputError) return error.message.split(dir).join('DIR').split('\n');
    throw error;
  }
  throw new Error('expected the environments to be refused');
}

describe('environments checked against each other', () => {
  test('two environments on one cluster may not share a namespace; the error names both files and lines', () => {
    const dir = environments({ 'dev.yaml': `namespace: dask-dev\n${CLUSTER}`, 'dev2.yaml': `${CLUSTER}namespace: dask-dev\n` });
    expect(problemsOf(dir)).toEqual([
      'DIR/dev2.yaml:2:12: namespace: "dask-dev" is also the namespace of environment "dev" (DIR/dev.yaml:1) on the same cluster (my-project/us-central1-a/dask): two environments on one cluster would apply and prune the same objects, and removing one would delete the other\'s workloads; give each its own namespace',
    ]);
  });

  test('two environments without a cluster: section count as one cluster', () => {
    const dir = environments({ 'a.yaml': 'namespace: shared\n', 'b.yaml': 'namespace: shared\n' });
    expect(problemsOf(dir)).toEqual([
      'DIR/b.yaml:1:12: namespace: "shared" is also the namespace of environment "a" (DIR/a.yaml:1) on the same cluster (neither names one in cluster:): two environments on one cluster would apply and prune the same objects, and removing one would delete the other\'s workloads; give each its own namespace',
    ]);
  });

  test('is checked even when only one of them is wanted (--env)', () => {
    const dir = environments({ 'dev.yaml': `namespace: dask-dev\n${CLUSTER}`, 'dev2.yaml': `namespace: dask-dev\n${CLUSTER}` });
    expect(problemsOf(dir, ['dev'])).toHaveLength(1);
  });

  test('the same namespace on different clusters is fine', () => {
    const dir = environments({
      'dev.yaml': `namespace: dask\n${CLUSTER}`,
      'prod.yaml': 'namespace: dask\ncluster: {project: my-project, location: us-central1-a, name: dask-prod}\n',
      'lab.yaml': 'namespace: dask\n',
    });
    expect(loadEnvironments({ envs: [], environmentsDir: dir }).map(({ environment }) => environment.name)).toEqual(['dev', 'lab', 'prod']);
  });

  test('--env returns only the named environments, after loading all of them', () => {
    const dir = environments({ 'dev.yaml': 'namespace: dask-dev\n', 'prod.yaml': 'namespace: dask-prod\n' });
    expect(loadEnvironments({ envs: ['prod', 'prod'], environmentsDir: dir }).map(({ environment }) => environment.name)).toEqual(['prod']);
  });

  test("another file's problems are reported under --env too, with the cross-environment ones", () => {
    const dir = environments({ 'dev.yaml': 'namespace: dask-dev\n', 'bad.yaml': 'namespace: kube-system\n', 'twin.yaml': 'namespace: dask-dev\n' });
    const problems = problemsOf(dir, ['dev']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DIR\/bad\.yaml:1:12: namespace: "kube-system" is not allowed: it belongs to Kubernetes/);
    expect(problems[1]).toMatch(/^DIR\/twin\.yaml:1:12: namespace: "dask-dev" is also the namespace of environment "dev" \(DIR\/dev\.yaml:1\)/);
  });
});
