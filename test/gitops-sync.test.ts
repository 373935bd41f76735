import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { loadEnvironment } from '../charts/config/load-environment';
import { Environment } from '../charts/config/values';
import { workerReplicasOwner } from '../charts/gitops/worker-replicas';
import { RenderedFolder, renderEnvironments } from '../charts/render';
import { schemaFor } from '../charts/validate/model-registry';
import { schemaProblems } from '../charts/validate/schema-problems';
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

/** The object validates against its vendored CRD's schema and has no field the schema lacks. */
function expectValidAgainstSchema(object: Json): void {
  const schema = schemaFor(object.apiVersion, object.kind, object);
  expect(schema).toEqual({ check: expect.any(Function) });
  const check = (schema as { check: Parameters<typeof schemaProblems>[0] }).check;
  expect(check.closed).toBe(true);
  expect(schemaProblems(check, object, object.apiVersion, object.kind)).toEqual([]);
}

const PROD_LIKE = `namespace: dask-staging
dask:
  additional_worker_groups:
    - name: high-mem
      replicas: 2
`;

describe('Flux sync objects', () => {
  const folders = render(`${PROD_LIKE}${gitops('flux', '  branch: release\n  interval: 2m\n  workerReplicas: notebook\n')}`);
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

  test('notebook ownership: the worker Deployments start at git\'s replicas, and Flux ignores exactly their /spec/replicas', () => {
    const workload = folders.get('staging')!;
    expect(objectIn(workload, 'deployment-dask-worker.yaml').spec.replicas).toBe(3);
    expect(objectIn(workload, 'deployment-dask-worker-high-mem.yaml').spec.replicas).toBe(2);
    expect(kustomization.spec.ignore).toEqual(['dask-worker', 'dask-worker-high-mem'].map((name) => ({
      paths: ['/spec/replicas'],
      target: { group: 'apps', kind: 'Deployment', name, namespace: 'dask-staging' },
    })));
    expect(kustomization.spec.patches).toBeUndefined();
  });

  test('git ownership (the default): replicas are rendered and enforced, nothing is ignored', () => {
    const gitOwned = render(`namespace: dask-staging\ndask:\n  worker:\n    replicas: 4\n${gitops('flux')}`);
    expect(objectIn(gitOwned.get('staging'), 'deployment-dask-worker.yaml').spec.replicas).toBe(4);
    expect(objectIn(gitOwned.get('gitops/staging'), 'kustomization-dask-staging.yaml').spec.ignore).toBeUndefined();
  });

  test('name the pinned controller release', () => {
    expect(repository.metadata.annotations).toEqual({ 'dask-gitops.io/controller-version': 'flux v2.9.0' });
    expect(kustomization.metadata.annotations).toEqual({ 'dask-gitops.io/controller-version': 'flux v2.9.0' });
  });

  test('validate against the vendored Flux v2.9.0 CRDs, unknown fields included', () => {
    expectValidAgainstSchema(repository);
    expectValidAgainstSchema(kustomization);
  });
});

describe('Argo CD sync objects', () => {
  const folders = render(`${PROD_LIKE}${gitops('argocd', '  branch: release\n  workerReplicas: notebook\n')}`);
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

  test('notebook ownership: ignores the worker groups\' live replicas and keeps them on sync', () => {
    expect(application.spec.ignoreDifferences).toEqual(['dask-worker', 'dask-worker-high-mem'].map((name) => ({
      group: 'apps', kind: 'Deployment', name, namespace: 'dask-staging', jsonPointers: ['/spec/replicas'],
    })));
    expect(application.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'RespectIgnoreDifferences=true']);
  });

  test('notebook ownership still renders git\'s replicas: the size a new group starts at', () => {
    expect(objectIn(folders.get('staging'), 'deployment-dask-worker-high-mem.yaml').spec.replicas).toBe(2);
  });

  test('git ownership (the default): the replicas from git are enforced', () => {
    const gitOwned = objectIn(render(`${PROD_LIKE}${gitops('argocd')}`).get('gitops/staging'), 'application-dask-staging.yaml');
    expect(gitOwned.spec.ignoreDifferences).toBeUndefined();
    expect(gitOwned.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
  });

  test('validates against the vendored Argo CD v3.5.1 CRD, unknown fields included', () => {
    expect(application.metadata.annotations).toEqual({ 'dask-gitops.io/controller-version': 'argocd v3.5.1' });
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

  test('defaults to git, as in the chart, even when notebooks may scale', () => {
    expect(workerReplicasOwner(base)).toBe('git');
    expect(workerReplicasOwner(withOwner(undefined, { rbac: false }))).toBe('git');
  });

  test('gitops.workerReplicas chooses the notebook explicitly', () => {
    expect(workerReplicasOwner(withOwner('notebook'))).toBe('notebook');
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

describe('the pinned controller release', () => {
  test('defaults to the one pinned in code, and may be named per environment', () => {
    expect(loadText(`namespace: dask-test\n${gitops('flux')}`).gitops?.controllerVersion).toBeUndefined();
    expect(loadText(`namespace: dask-test\n${gitops('argocd')}  controllerVersion: v3.5.1\n`).gitops?.controllerVersion).toBe('v3.5.1');
  });

  test('is refused, with the vendored ones, when its CRDs are not vendored', () => {
    expect(problemsOf(`namespace: dask-test\n${gitops('flux')}  controllerVersion: v2.3.0\n`)).toEqual([
      'FILE:5:22: gitops.controllerVersion: "v2.3.0" is not allowed for tool flux: the releases whose CRDs are vendored are v2.9.0 (default v2.9.0); to pin another, vendor its CRDs under charts/validate/crds/ and add it to charts/gitops/controller-versions.ts',
    ]);
  });

  test('is refused when it is no release tag, such as latest', () => {
    expect(problemsOf(`namespace: dask-test\n${gitops('flux')}  controllerVersion: latest\n`)).toEqual([
      'FILE:5:22: gitops.controllerVersion: "latest" is not allowed: must be a release tag such as v2.9.0',
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
  (hasKubectl ? test : test.skip)('with the workers\' starting replicas, and ignore rules that match exactly the built worker Deployments', () => {
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
    expect(built.get('Deployment/dask-worker')!.spec.replicas).toBe(env.dask.worker.replicas);
    // kustomize-controller anchors each target field as ^(?:...)$ (fluxcd/pkg ssa/jsondiff).
    const matches = (pattern: string | undefined, value: string) => pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value);
    for (const rule of spec.ignore) {
      const matched = [...built.values()].filter((object) => matches(rule.target.kind, object.kind)
        && matches(rule.target.group, object.apiVersion.split('/')[0]) && matches(rule.target.name, object.metadata.name)
        && matches(rule.target.namespace, object.metadata.namespace));
      expect(matched.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['Deployment/dask-worker']);
    }
    expect(built.get('Deployment/dask-worker')!.spec.template.spec.containers[0].image).toBe('ghcr.io/dask/dask:2025.11.0');
    expect(built.get('Deployment/dask-scheduler')!.spec.replicas).toBe(1);
    expect(built.get('Deployment/dask-jupyter')!.spec.replicas).toBe(1);
  });
});
