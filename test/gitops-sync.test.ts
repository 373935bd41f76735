import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { loadEnvironment } from '../charts/config/load-environment';
import { Environment } from '../charts/config/values';
import { workerReplicasOwner } from '../charts/gitops/worker-replicas';
import { RenderedFolder, renderEnvironments } from '../charts/render';
import { schemaCheckFor } from '../charts/validate/model-registry';
import { unknownFields } from '../charts/validate/unknown-fields';
import { loadText, problemsOf } from './support/environment-fixtures';
import { REPO_ROOT } from './support/gitops-fixtures';
import { requireProgram } from './support/require-program';
import { tempDir } from './support/temp-dirs';

type Json = Record<string, any>;

function gitops(tool: 'flux' | 'argocd', extra = ''): string {
  return `gitops:\n  tool: ${tool}\n  repoUrl: https://github.com/example/dask-gitops\n${extra}`;
}

/** Renders an environment file's text; returns its folders by name. */
function render(text: string, name = 'staging'): Map<string, RenderedFolder> {
  return new Map(renderEnvironments([loadText(text, name)]).map((folder) => [folder.folder, folder]));
}

function objectIn(folder: RenderedFolder | undefined, file: string): Json {
  const content = folder?.files.get(file);
  if (content === undefined) throw new Error(`${file} was not rendered; got ${[...(folder?.files.keys() ?? [])].join(', ')}`);
  return parse(content);
}

/** The object validates against its CRD schema and has no field the schema lacks. */
function expectValidAgainstSchema(object: Json): void {
  const check = schemaCheckFor(object.apiVersion, object.kind)!;
  expect(check).toBeDefined();
  expect(check(object)).toEqual([]);
  expect(unknownFields(check, object)).toEqual([]);
}

const PROD_LIKE = `namespace: dask-staging
dask:
  additional_worker_groups:
    - name: high-mem
      replicas: 2
`;

// Under Flux in notebook mode a group's replicas would do nothing, and are refused.
const FLUX_LIKE = PROD_LIKE.replace('      replicas: 2\n', '');

describe('Flux sync objects', () => {
  const folders = render(`${FLUX_LIKE}${gitops('flux', '  branch: release\n  interval: 2m\n')}`);
  const sync = folders.get('gitops/staging');
  const repository = objectIn(sync, 'gitrepository-dask-staging.yaml');
  const kustomization = objectIn(sync, 'kustomization-dask-staging.yaml');

  test('go to dist/gitops/<env>/, outside the folder they apply, with their own kustomization.yaml', () => {
    expect([...folders.keys()]).toEqual(['staging', 'gitops/staging']);
    expect([...sync!.files.keys()]).toEqual(['gitrepository-dask-staging.yaml', 'kustomization-dask-staging.yaml', 'kustomization.yaml']);
    expect(objectIn(sync, 'kustomization.yaml').resources).toEqual(['gitrepository-dask-staging.yaml', 'kustomization-dask-staging.yaml']);
    expect(sync!.files.get('kustomization.yaml')).toContain('# Source: environments/staging.yaml\n');
  });

  test('a GitRepository follows the branch of the repository, in flux-system', () => {
    expect(repository).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'dask-staging', namespace: 'flux-system' },
      spec: { url: 'https://github.com/example/dask-gitops', ref: { branch: 'release' }, interval: '2m' },
    });
  });

  test('a Kustomization applies ./dist/<env> from it, pruning, into the target namespace, within the timeout', () => {
    expect(kustomization).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'dask-staging', namespace: 'flux-system' },
      spec: {
        sourceRef: { kind: 'GitRepository', name: 'dask-staging' },
        path: './dist/staging',
        prune: true,
        targetNamespace: 'dask-staging',
        interval: '2m',
        timeout: '10m',
      },
    });
  });

  test('health-checks every Dask Deployment of the environment', () => {
    const deployments = [...folders.get('staging')!.files.keys()].filter((file) => file.startsWith('deployment-')).map((file) => objectIn(folders.get('staging'), file));
    expect(kustomization.spec.healthChecks).toHaveLength(4);
    expect(kustomization.spec.healthChecks).toEqual(expect.arrayContaining(deployments.map((deployment) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name, namespace: 'dask-staging',
    }))));
    expect(kustomization.spec.healthChecks.map((check: Json) => check.name).sort()).toEqual(['dask-jupyter', 'dask-scheduler', 'dask-worker', 'dask-worker-high-mem']);
  });

  test('with notebook scaling on, the worker Deployments carry no replicas for Flux to apply (and only they)', () => {
    expect(kustomization.spec.patches).toBeUndefined();
    const workload = folders.get('staging')!;
    expect(objectIn(workload, 'deployment-dask-worker.yaml').spec).not.toHaveProperty('replicas');
    expect(objectIn(workload, 'deployment-dask-worker-high-mem.yaml').spec).not.toHaveProperty('replicas');
    expect(objectIn(workload, 'deployment-dask-scheduler.yaml').spec.replicas).toBe(1);
    expect(objectIn(workload, 'deployment-dask-jupyter.yaml').spec.replicas).toBe(1);
  });

  test('refuses replicas it would never apply, naming the field and the way out', () => {
    expect(problemsOf(`${PROD_LIKE}${gitops('flux')}`)).toEqual([
      'FILE:5:17: dask.additional_worker_groups[0].replicas: has no effect: with gitops.tool flux and gitops.workerReplicas notebook (the default while Jupyter may scale workers), Flux never sets worker replicas and new worker Deployments start at 1; remove it, or set gitops.workerReplicas: git',
    ]);
  });

  test('without notebook scaling, the replicas from git are rendered like every other field', () => {
    const noRbac = render(`namespace: dask-staging\ndask:\n  worker:\n    replicas: 4\n  jupyter:\n    rbac: false\n${gitops('flux')}`);
    expect(objectIn(noRbac.get('staging'), 'deployment-dask-worker.yaml').spec.replicas).toBe(4);
  });

  test('validate against the Flux CRD schemas, unknown fields included', () => {
    expect(() => new GitRepository(repository as never).validate()).not.toThrow();
    expect(() => new Kustomization(kustomization as never).validate()).not.toThrow();
    expectValidAgainstSchema(repository);
    expectValidAgainstSchema(kustomization);
  });
});

describe('Argo CD sync objects', () => {
  const folders = render(`${PROD_LIKE}${gitops('argocd', '  branch: release\n')}`);
  const sync = folders.get('gitops/staging');
  const application = objectIn(sync, 'application-dask-staging.yaml');

  test('an Application in argocd syncs dist/<env> of the branch automatically, pruning and self-healing', () => {
    expect([...sync!.files.keys()]).toEqual(['application-dask-staging.yaml', 'kustomization.yaml']);
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'dask-staging', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/example/dask-gitops', targetRevision: 'release', path: 'dist/staging' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'dask-staging' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(application.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });

  test('deleting the Application deletes what it deployed, as Flux prune does', () => {
    expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  });

  test('with notebook scaling on, ignores the worker groups\' live replicas and keeps them on sync', () => {
    expect(application.spec.ignoreDifferences).toEqual(['dask-worker', 'dask-worker-high-mem'].map((name) => ({
      group: 'apps', kind: 'Deployment', name, namespace: 'dask-staging', jsonPointers: ['/spec/replicas'],
    })));
    expect(application.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'RespectIgnoreDifferences=true']);
  });

  test('without Jupyter, the replicas from git are enforced', () => {
    const noJupyter = objectIn(render(`${PROD_LIKE}  jupyter:\n    enabled: false\n${gitops('argocd')}`).get('gitops/staging'), 'application-dask-staging.yaml');
    expect(noJupyter.spec.ignoreDifferences).toBeUndefined();
    expect(noJupyter.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
  });

  test('validates against the Argo CD CRD schema, unknown fields included', () => {
    expect(() => new Application(application as never).validate()).not.toThrow();
    expectValidAgainstSchema(application);
  });
});

describe('who owns worker replicas', () => {
  const base = loadText(`namespace: dask-test\n${gitops('flux')}`);
  const withOwner = (owner: unknown, jupyter: Partial<Environment['dask']['jupyter']> = {}): Environment => ({
    ...base,
    gitops: { ...base.gitops!, workerReplicas: owner } as Environment['gitops'],
    dask: { ...base.dask, jupyter: { ...base.dask.jupyter, ...jupyter } },
  });

  test('defaults to the notebook when notebooks may scale, else to git', () => {
    expect(workerReplicasOwner(base)).toBe('notebook');
    expect(workerReplicasOwner(withOwner(undefined, { rbac: false }))).toBe('git');
    expect(workerReplicasOwner(withOwner(undefined, { enabled: false }))).toBe('git');
  });

  test('gitops.workerReplicas chooses git even with notebook scaling on', () => {
    expect(workerReplicasOwner(withOwner('git'))).toBe('git');
  });

  test('an unknown owner is refused when the file is loaded', () => {
    expect(problemsOf(`namespace: dask-test\n${gitops('flux')}  workerReplicas: sometimes\n`)).toEqual([
      expect.stringMatching(/^FILE:\d+:\d+: gitops\.workerReplicas: "sometimes" is not allowed: must be one of git, notebook$/),
    ]);
  });

  test('the notebook as owner is refused, with its line, when notebooks cannot scale', () => {
    expect(problemsOf(`namespace: dask-test\n${gitops('flux')}  workerReplicas: notebook\ndask:\n  jupyter: {rbac: false}\n`)).toEqual([
      expect.stringMatching(/^FILE:\d+:\d+: gitops\.workerReplicas: "notebook" needs notebook scaling: dask\.jupyter\.enabled and dask\.jupyter\.rbac must both be true$/),
    ]);
  });
});

test('an environment without a gitops: section gets no sync objects', () => {
  expect([...render('namespace: dask-test\n').keys()]).toEqual(['staging']);
});

describe.each([['dev', 'flux'], ['prod', 'argocd']])('the shipped %s environment', (name, tool) => {
  const env = loadEnvironment(join(REPO_ROOT, 'environments', `${name}.yaml`));
  const folders = new Map(renderEnvironments([env]).map((folder) => [folder.folder, folder]));
  const sync = folders.get(`gitops/${name}`)!;

  test(`is delivered by ${tool}, from its own dist/ folder`, () => {
    expect(env.gitops?.tool).toBe(tool);
    const objects = [...sync.files].filter(([file]) => file !== 'kustomization.yaml').map(([, content]) => parse(content));
    const paths = objects.map((object) => object.spec.path ?? object.spec.source?.path).filter((path) => path !== undefined);
    expect(paths.map((path: string) => path.replace(/^\.\//, ''))).toEqual([`dist/${name}`]);
    for (const object of objects) expectValidAgainstSchema(object);
  });

  test('sync objects match the reviewed snapshot', () => {
    expect(Object.fromEntries(sync.files)).toMatchSnapshot();
  });
});

describe('Flux applies dist/dev as its Kustomization says', () => {
  const hasKubectl = requireProgram('kubectl', 'the Flux build of dist/dev (kubectl kustomize)');
  (hasKubectl ? test : test.skip)('without the workers\' replicas, keeping every other field', () => {
    const env = loadEnvironment(join(REPO_ROOT, 'environments', 'dev.yaml'));
    const [workload, sync] = renderEnvironments([env]);
    const spec = parse(sync.files.get('kustomization-dask-dev.yaml')!).spec;
    // The overlay kustomize-controller builds: the folder and the target namespace.
    const overlay = tempDir('dask-gitops-flux-overlay-');
    mkdirSync(join(overlay, 'base'));
    for (const [file, content] of workload.files) writeFileSync(join(overlay, 'base', file), content);
    writeFileSync(join(overlay, 'kustomization.yaml'), stringify({ resources: ['base'], namespace: spec.targetNamespace }));
    const result = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const built = new Map(parseAllDocuments(result.stdout).map((document) => document.toJS()).map((object: Json) => [`${object.kind}/${object.metadata.name}`, object]));
    expect(built.get('Deployment/dask-worker')!.spec).not.toHaveProperty('replicas');
    expect(built.get('Deployment/dask-worker')!.spec.template.spec.containers[0].image).toBe('ghcr.io/dask/dask:2025.11.0');
    expect(built.get('Deployment/dask-scheduler')!.spec.replicas).toBe(1);
    expect(built.get('Deployment/dask-jupyter')!.spec.replicas).toBe(1);
  });
});
