import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { DEFAULT_JUPYTER_PASSWORD_HASH } from '../charts/config/defaults';
import { loadEnvironment } from '../charts/config/load-environment';
import { renderEnvironments } from '../charts/render';
import { findKubectl, validateDist } from '../charts/validate/validate-dist';
import { loadBesideShippedBases, loadText, problemsOf, warningsOf } from './support/environment-fixtures';
import { containerOf, renderText } from './support/render-fixtures';
import { requireProgram } from './support/require-program';
import { tempDir } from './support/temp-dirs';

describe.each(['dev', 'prod'])('the shipped %s environment', (name) => {
  const env = loadEnvironment(join(__dirname, '..', 'environments', `${name}.yaml`));
  const [folder] = renderEnvironments([env]);

  test('renders one file per object plus a kustomization listing them all', () => {
    const kustomization = folder.files.get('kustomization.yaml')!;
    for (const file of folder.files.keys()) {
      if (file !== 'kustomization.yaml') expect(kustomization).toContain(`  - ${file}\n`);
    }
  });

  test('matches the reviewed snapshot', () => {
    expect(Object.fromEntries(folder.files)).toMatchSnapshot();
  });

  test('keeps every object in its own namespace', () => {
    expect(env.namespace).toBe(`dask-${name}`);
    for (const [file, content] of folder.files) {
      if (file !== 'kustomization.yaml' && !file.startsWith('namespace-')) expect(content).toContain(`  namespace: dask-${name}\n`);
    }
  });
});

// The Dask Helm tutorial's values.yaml, pasted under `dask:` unchanged (in a namespace of its
// own: the tutorial installs into `default`, which an environment may not take).
const TUTORIAL = `
release: my-dask
namespace: dask-tutorial
dask:
  worker:
    replicas: 4
    resources:
      limits:
        cpu: 1
        memory: 3G
      requests:
        cpu: 1
        memory: 3G
    env:
      - name: EXTRA_CONDA_PACKAGES
        value: numba xarray -c conda-forge
      - name: EXTRA_PIP_PACKAGES
        value: s3fs dask-ml --upgrade
  scheduler:
    serviceType: LoadBalancer
  jupyter:
    serviceType: LoadBalancer
    password: 'sha1:aae8550c0a44:9507d45e087d5ee481a5ce9f4f16f37a0867318c'
    env:
      - name: EXTRA_CONDA_PACKAGES
        value: numba xarray -c conda-forge
      - name: EXTRA_PIP_PACKAGES
        value: s3fs dask-ml --upgrade
`;

describe('the Helm tutorial values', () => {
  const objects = renderText(TUTORIAL);

  test('render the objects the chart renders, under the chart names', () => {
    expect([...objects.keys()].sort()).toEqual([
      'ConfigMap/my-dask-jupyter-config',
      'Deployment/my-dask-jupyter',
      'Deployment/my-dask-scheduler',
      'Deployment/my-dask-worker',
      'Namespace/dask-tutorial',
      'Role/my-dask-jupyter',
      'RoleBinding/my-dask-jupyter',
      'Service/my-dask-jupyter',
      'Service/my-dask-scheduler',
      'ServiceAccount/my-dask-jupyter',
      // Beyond the chart: each component runs as its own account (see README).
      'ServiceAccount/my-dask-scheduler',
      'ServiceAccount/my-dask-worker',
    ]);
  });

  test('expose the scheduler and Jupyter through LoadBalancers on the chart ports', () => {
    expect(objects.get('Service/my-dask-scheduler')!.spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 8786, targetPort: 8786 }, { port: 80, targetPort: 8787 }] });
    expect(objects.get('Service/my-dask-jupyter')!.spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 80, targetPort: 8888 }] });
  });

  test('size four workers as the limits say, with the extra packages', () => {
    const worker = objects.get('Deployment/my-dask-worker')!;
    expect(worker.spec.replicas).toBe(4);
    expect(containerOf(worker).image).toBe('ghcr.io/dask/dask:2025.11.0');
    expect(containerOf(worker).args).toEqual(['dask-worker', 'my-dask-scheduler:8786', '--nthreads', '1', '--memory-limit', '3000000000', '--no-dashboard', '--dashboard-address=:8790']);
    expect(containerOf(worker).env.map((e: any) => e.name)).toEqual(['EXTRA_CONDA_PACKAGES', 'EXTRA_PIP_PACKAGES']);
  });

  test('are accepted outside production, with a warning for each hazard', () => {
    expect(warningsOf(TUTORIAL)).toEqual(TUTORIAL_WARNINGS);
  });

  test('are refused in production, each hazard with what to change', () => {
    expect(problemsOf(`production: true${TUTORIAL}`)).toEqual([
      `FILE:23:15: dask.jupyter.password: is the chart's default hash, of the password "dask", not allowed in production: ${PASSWORD_ADVICE}`,
      `FILE:20:18: dask.scheduler.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens the scheduler, which runs any code a client sends it, to the internet, not allowed in production; ${LB_ADVICE('scheduler', 'public-scheduler')}`,
      `FILE:22:18: dask.jupyter.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens Jupyter to the internet, not allowed in production; ${LB_ADVICE('jupyter', 'public-jupyter')}`,
    ]);
  });
});

/** environments/dev.yaml with its `dask:` section replaced by `dask` (indented YAML under `dask:`). */
function devWithDask(dask: string): string {
  const dev = readFileSync(join(__dirname, '..', 'environments', 'dev.yaml'), 'utf8');
  return `${dev.slice(0, dev.indexOf('\ndask:\n'))}\ndask:\n${dask}`;
}

describe('the tutorial values pasted into the shipped dev.yaml', () => {
  // As the issue quotes them: four workers of 1 CPU and 4G, the extra packages, LoadBalancers, the sha1 hash.
  const tutorialDask = TUTORIAL.slice(TUTORIAL.indexOf('dask:\n') + 'dask:\n'.length).replace(/memory: 3G/g, 'memory: 4G');
  const env = loadBesideShippedBases(devWithDask(tutorialDask), 'dev');
  const folders = new Map(renderEnvironments([env]).map((folder) => [folder.folder, folder]));
  const object = (folder: string, file: string) => parse(folders.get(folder)!.files.get(file)!);

  test('render the worker Deployment at the tutorial\'s four replicas', () => {
    expect(env.gitops).toMatchObject({ tool: 'flux', workerReplicas: 'notebook' });
    expect(object('dev', 'deployment-dask-worker.yaml').spec.replicas).toBe(4);
    expect(containerOf(object('dev', 'deployment-dask-worker.yaml')).args).toContain('4000000000');
  });

  test('and Flux leaves the size to the notebook from then on', () => {
    expect(object('gitops/dev', 'kustomization-dask-dev.yaml').spec.ignore).toEqual([
      { paths: ['/spec/replicas'], target: { group: 'apps', kind: 'Deployment', name: 'dask-worker', namespace: 'dask-dev' } },
    ]);
  });

  const hasKubectl = requireProgram('kubectl', 'building the tutorial values in dev.yaml with kubectl kustomize');
  (hasKubectl ? test : test.skip)('validate against the Kubernetes schemas and the vendored CRDs, and build as Flux builds them', () => {
    const dist = join(tempDir('dask-gitops-tutorial-'), 'dist');
    for (const [name, folder] of folders) {
      mkdirSync(join(dist, name), { recursive: true });
      for (const [file, content] of folder.files) writeFileSync(join(dist, name, file), content);
    }
    const report = validateDist(dist, { kubectl: findKubectl() });
    expect(report.problems).toEqual([]);
    // dev, gitops/dev, bootstrap/dev, and dev as its Flux Kustomization applies it.
    expect(report.builds).toBe(4);
  });
});

test('the README\'s sample environment file loads and renders as it says', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The environment file'));
  const sample = section.slice(section.indexOf('```yaml\n') + '```yaml\n'.length, section.indexOf('```\n', section.indexOf('```yaml\n') + 1));
  const env = loadText(sample.replace(/"argon2:\.\.\."/, `'${DEFAULT_JUPYTER_PASSWORD_HASH}'`), 'dev');
  const [workload, sync] = renderEnvironments([env]);
  expect(parse(workload.files.get('deployment-dask-worker.yaml')!).spec.replicas).toBe(2);
  expect(parse(workload.files.get('deployment-dask-worker-high-mem.yaml')!).spec.replicas).toBe(2);
  expect(parse(sync.files.get('kustomization-dask-dev.yaml')!).spec.ignore).toBeUndefined();
});

const PASSWORD_ADVICE = 'anyone who reaches Jupyter runs code in the cluster; make a hash of your own password with npm run password; or accept it with acknowledge: [default-jupyter-password]';
const LB_ADVICE = (component: string, hazard: string) => `use ClusterIP and kubectl port-forward (or an Ingress), or set dask.${component}.loadBalancerSourceRanges to your clients' address ranges; or accept it with acknowledge: [${hazard}]`;
const INSTALL = 'makes every container start install packages: slow starts, and each pod may get different versions; bake them into an image of your own; or accept it with acknowledge: [install-packages-at-start]';
const TUTORIAL_WARNINGS = [
  `FILE:23:15: dask.jupyter.password: is the chart's default hash, of the password "dask": ${PASSWORD_ADVICE}`,
  `FILE:20:18: dask.scheduler.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens the scheduler, which runs any code a client sends it, to the internet; ${LB_ADVICE('scheduler', 'public-scheduler')}`,
  `FILE:22:18: dask.jupyter.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens Jupyter to the internet; ${LB_ADVICE('jupyter', 'public-jupyter')}`,
  `FILE:15:15: dask.worker.env[0].name: EXTRA_CONDA_PACKAGES ${INSTALL}`,
  `FILE:17:15: dask.worker.env[1].name: EXTRA_PIP_PACKAGES ${INSTALL}`,
  `FILE:25:15: dask.jupyter.env[0].name: EXTRA_CONDA_PACKAGES ${INSTALL}`,
  `FILE:27:15: dask.jupyter.env[1].name: EXTRA_PIP_PACKAGES ${INSTALL}`,
];
