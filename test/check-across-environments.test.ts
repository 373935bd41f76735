import { loadEnvironments } from '../charts/config/load-environments';
import { environmentsFolder, folderProblemsOf } from './support/environment-fixtures';

const CLUSTER = 'cluster: {project: my-project, location: us-central1-a, name: dask}\n';

describe('environments checked against each other', () => {
  test('two environments on one cluster may not share a namespace; the error names both files and lines', () => {
    const dir = environmentsFolder({ 'dev.yaml': `namespace: dask-dev\n${CLUSTER}`, 'dev2.yaml': `${CLUSTER}namespace: dask-dev\n` });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/dev2.yaml:2:12: namespace: "dask-dev" is also the namespace of environment "dev" (DIR/dev.yaml:1) on the same cluster (my-project/us-central1-a/dask): two environments on one cluster would apply and prune the same objects, and removing one would delete the other\'s workloads; give each its own namespace',
    ]);
  });

  test('two environments without a cluster: section count as one cluster', () => {
    const dir = environmentsFolder({ 'a.yaml': 'namespace: shared\n', 'b.yaml': 'namespace: shared\n' });
    expect(folderProblemsOf(dir)).toEqual([
      'DIR/b.yaml:1:12: namespace: "shared" is also the namespace of environment "a" (DIR/a.yaml:1) on the same cluster (neither names one in cluster:): two environments on one cluster would apply and prune the same objects, and removing one would delete the other\'s workloads; give each its own namespace',
    ]);
  });

  test('is checked even when only one of them is wanted (--env)', () => {
    const dir = environmentsFolder({ 'dev.yaml': `namespace: dask-dev\n${CLUSTER}`, 'dev2.yaml': `namespace: dask-dev\n${CLUSTER}` });
    expect(folderProblemsOf(dir, ['dev'])).toHaveLength(1);
  });

  test('the same namespace on different clusters is fine', () => {
    const dir = environmentsFolder({
      'dev.yaml': `namespace: dask\n${CLUSTER}`,
      'prod.yaml': 'namespace: dask\ncluster: {project: my-project, location: us-central1-a, name: dask-prod}\n',
      'lab.yaml': 'namespace: dask\n',
    });
    expect(loadEnvironments({ envs: [], environmentsDir: dir }).map(({ environment }) => environment.name)).toEqual(['dev', 'lab', 'prod']);
  });

  test('--env returns only the named environments, after loading all of them', () => {
    const dir = environmentsFolder({ 'dev.yaml': 'namespace: dask-dev\n', 'prod.yaml': 'namespace: dask-prod\n' });
    expect(loadEnvironments({ envs: ['prod', 'prod'], environmentsDir: dir }).map(({ environment }) => environment.name)).toEqual(['prod']);
  });

  test("another file's problems are reported under --env too, with the cross-environment ones", () => {
    const dir = environmentsFolder({ 'dev.yaml': 'namespace: dask-dev\n', 'bad.yaml': 'namespace: kube-system\n', 'twin.yaml': 'namespace: dask-dev\n' });
    const problems = folderProblemsOf(dir, ['dev']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DIR\/bad\.yaml:1:12: namespace: "kube-system" is not allowed: it belongs to Kubernetes/);
    expect(problems[1]).toMatch(/^DIR\/twin\.yaml:1:12: namespace: "dask-dev" is also the namespace of environment "dev" \(DIR\/dev\.yaml:1\)/);
  });
});
