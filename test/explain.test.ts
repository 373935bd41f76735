import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { main, parseExplainArgs } from '../charts/cli/explain';
import { captured, REPO_ROOT } from './support/gitops-fixtures';

async function explain(...args: string[]): Promise<string> {
  const result = await captured(() => main(args, REPO_ROOT));
  if (result.error) throw result.error;
  return result.out;
}

describe('npm run explain', () => {
  test('names the file and line of each leaf of one field: overlay, base and default', async () => {
    expect(await explain('--env', 'prod', 'dask.worker.image')).toBe([
      '# environment prod: environments/prod.yaml -> environments/_base.yaml, over the defaults',
      'dask.worker.image:',
      '  repository: ghcr.io/dask/dask  # default (charts/config/defaults.ts)',
      '  tag: 2025.11.0                 # default (charts/config/defaults.ts)',
      '  pullPolicy: IfNotPresent       # default (charts/config/defaults.ts)',
      '  dask_worker: dask-worker       # default (charts/config/defaults.ts)',
      '  pullSecrets: null              # default (charts/config/defaults.ts)',
      '',
    ].join('\n'));
    const cluster = await explain('--env', 'prod', 'cluster');
    expect(cluster).toMatch(/^ {2}project: my-gcp-project +# environments\/_base\.yaml:10$/m);
    expect(cluster).toMatch(/^ {2}location: us-central1 +# environments\/prod\.yaml:10$/m);
    expect(cluster).toMatch(/^ {2}diskSizeGb: 100 +# default \(charts\/config\/defaults\.ts\)$/m);
    // A list is one leaf: the file that wrote it wrote all of it.
    expect(cluster).toMatch(/^ {2}admins: +# environments\/_base\.yaml:15\n {4}- group:data-platform@example\.com$/m);
  });

  test('a list the overlay replaces, and a value it removes with null', async () => {
    expect(await explain('--env', 'prod', 'dask.worker.env')).toBe([
      '# environment prod: environments/prod.yaml -> environments/_base.yaml, over the defaults',
      'dask.worker.env:  # environments/prod.yaml:53',
      '  - name: EXTRA_PIP_PACKAGES',
      '    value: s3fs gcsfs --upgrade',
      '',
    ].join('\n'));
    expect(await explain('--env', 'prod', 'dask.jupyter.env')).toContain('dask.jupyter.env: null  # environments/prod.yaml:71 (removes it)\n');
    expect(await explain('--env', 'dev', 'dask.jupyter.env')).toContain('dask.jupyter.env:  # environments/_base.yaml:31\n');
  });

  test('the whole environment, with the derived keys left out', async () => {
    const out = await explain('--env', 'dev');
    expect(out).toMatch(/^namespace: dask-dev +# environments\/dev\.yaml:8$/m);
    expect(out).toMatch(/^release: dask +# environments\/_base\.yaml:7$/m);
    expect(out).toMatch(/^production: false +# default \(charts\/config\/defaults\.ts\)$/m);
    expect(out).toMatch(/^ {4}password: \(hidden\) +# default/m);
    expect(out).not.toMatch(/^(fullname|workerGroups|file|name):/m);
  });

  test('a quoted key and a list index', async () => {
    expect(await explain('--env', 'prod', 'dask.scheduler.nodeSelector["cloud.google.com/gke-nodepool"]')).toContain(
      'dask.scheduler.nodeSelector["cloud.google.com/gke-nodepool"]: default-pool  # environments/prod.yaml:32\n',
    );
    expect(await explain('--env', 'prod', 'dask.additional_worker_groups[0].name')).toContain('dask.additional_worker_groups[0].name: high-mem  # environments/prod.yaml:56\n');
  });

  test('refuses an unknown field with the fields there are', async () => {
    await expect(explain('--env', 'dev', 'dask.worker.resorces')).rejects.toThrow(
      new UsageError(`'dask.worker.resorces': environment dev has no such field (did you mean "resources"?); fields of dask.worker: name, image, replicas, strategy, custom_scheduler_url, default_resources, env, extraArgs, resources, mounts, annotations, tolerations, affinity, nodeSelector, securityContext, portDashboard, metrics, livenessProbe, readinessProbe`),
    );
    await expect(explain('--env', 'prod', 'dask.additional_worker_groups[2]')).rejects.toThrow(/dask\.additional_worker_groups is a list of 1/);
  });

  test('refuses a missing --env, two fields, and what is not a field path', () => {
    expect(() => parseExplainArgs(['dask'])).toThrow(new UsageError("'--env' is required: the environment to explain (environments/<name>.yaml)"));
    expect(() => parseExplainArgs(['--env', 'dev', 'a', 'b'])).toThrow(new UsageError("one field at a time: got 'a' and 'b'"));
    expect(() => parseExplainArgs(['--env', 'dev', 'dask..worker'])).toThrow(/"dask\.\.worker" is not a field path/);
    expect(parseExplainArgs(['dask.worker["a.b"][2]', '--env=dev'], '/r')).toEqual({ env: 'dev', field: ['dask', 'worker', 'a.b', 2], environmentsDir: join('/r', 'environments') });
  });

  test('--help prints the options and loads nothing', async () => {
    const out = await explain('--help');
    expect(out).toContain('usage: npm run explain -- [field] --env <name> [--environments <dir>]\n');
    expect(out).toContain('dask.additional_worker_groups[0].name');
  });

  test('a base is not an environment to explain', async () => {
    await expect(explain('--env', '_base')).rejects.toThrow(/'--env' "_base": no such environment \(a name starting with _ is a base: checked, never rendered on its own\)/);
  });
});
