import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { InputError } from '../charts/config/errors';
import { describeObject } from '../bootstrap/kube-client';
import { syncStep } from '../bootstrap/steps/sync';
import { installedVersionOf } from '../charts/gitops/controller-versions';
import {
  ARGO_CD, CLUSTER_SECTION, CONTEXT, FakeKube, FLUX, harnessesClosedAfterEach, renderDist, renderedObjects, writeContext,
} from './support/bootstrap-fixtures';

const setUp = harnessesClosedAfterEach(CLUSTER_SECTION + FLUX);

describe('sync step', () => {
  it('applies the objects synth rendered into dist/gitops/<env>/ once Flux is installed, and not the kustomization.yaml', async () => {
    const h = await setUp();
    const folders = renderDist(h.workspace);
    expect(existsSync(join(h.workspace.dist, 'gitops', 'dev', 'kustomization.yaml'))).toBe(true);
    await writeContext(h);
    h.kube.installFlux();
    await syncStep(h.ctx);
    expect(h.kube.applied).toEqual([renderedObjects(folders, 'gitops/dev')]);
    expect(h.kube.applied[0].map(describeObject)).toEqual(['GitRepository flux-system/dask-dev', 'Kustomization flux-system/dask-dev']);
    expect(h.kube.applied[0][1].spec).toMatchObject({ path: './dist/dev', sourceRef: { kind: 'GitRepository', name: 'dask-dev' } });
    expect(h.kube.targets[0].context).toBe(CONTEXT);
    expect(h.out.text).toContain('  GitRepository flux-system/dask-dev\n  Kustomization flux-system/dask-dev\n');
    expect(h.out.text).toContain('Flux now deploys https://github.com/example/dask-gitops (main) every 5m.');
    expect(h.out.text).toContain('Reach Jupyter, the dashboard and the scheduler: npm run connect -- --env dev');
    expect(h.server.calls).toEqual([]);
  });

  it('stops with the exact install command when Flux is not installed', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as Error).message).toBe([
      `Flux is not installed in ${CONTEXT}: missing the GitRepository CRD (gitrepositories.source.toolkit.fluxcd.io); `
      + 'the controller deployments flux-system/source-controller; the Kustomization CRD (kustomizations.kustomize.toolkit.fluxcd.io); '
      + 'the controller deployments flux-system/kustomize-controller.',
      'Install flux v2.9.0, then re-run `npm run bootstrap -- sync --env dev`:',
      `  flux install --version=v2.9.0 --context=${CONTEXT}`,
      `  # or, without the Flux CLI: kubectl --context=${CONTEXT} apply --server-side -f https://github.com/fluxcd/flux2/releases/download/v2.9.0/install.yaml`,
    ].join('\n'));
    expect(h.kube.applied).toEqual([]);
  });

  it('gives the Argo CD install commands for an Argo CD environment', async () => {
    const h = await setUp(CLUSTER_SECTION + ARGO_CD);
    renderDist(h.workspace);
    await writeContext(h);
    await expect(syncStep(h.ctx)).rejects.toThrow(
      `Argo CD is not installed in ${CONTEXT}: missing the Application CRD (applications.argoproj.io); the controller statefulsets argocd/argocd-application-controller.\n`
      + 'Install argocd v3.5.1, then re-run `npm run bootstrap -- sync --env dev`:\n'
      + `  kubectl --context=${CONTEXT} create namespace argocd\n`
      + `  kubectl --context=${CONTEXT} apply -n argocd --server-side --force-conflicts -f https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/install.yaml`,
    );
  });

  it('says which release is installed when it is the pinned one', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux('v2.9.0');
    await syncStep(h.ctx);
    expect(h.out.text).toContain(`Flux v2.9.0 is installed, the release ${h.workspace.envFile} pins\n`);
  });

  it('stops with the upgrade when an older Flux is installed, whose CRDs lack fields the objects use', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux('v2.8.3');
    await expect(syncStep(h.ctx)).rejects.toThrow(new CommandFailed([
      `Flux v2.8.3 is installed in ${CONTEXT}, older than flux v2.9.0, which ${h.workspace.envFile} pins and its objects are written for.`,
      'Upgrade it, then re-run `npm run bootstrap -- sync --env dev`:',
      `  flux install --version=v2.9.0 --context=${CONTEXT}`,
      `  # or, without the Flux CLI: kubectl --context=${CONTEXT} apply --server-side -f https://github.com/fluxcd/flux2/releases/download/v2.9.0/install.yaml`,
    ].join('\n')));
    expect(h.kube.applied).toEqual([]);
  });

  it('goes on, saying so, when a newer Flux is installed', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux('v2.10.1');
    await syncStep(h.ctx);
    expect(h.out.text).toContain('Flux v2.10.1 is installed, newer than the pinned v2.9.0: to pin it, vendor its CRDs and set gitops.controllerVersion (charts/gitops/controller-versions.ts)');
    expect(h.kube.applied).toHaveLength(1);
  });

  it('installs exactly the release the environment pins', async () => {
    const h = await setUp(`${CLUSTER_SECTION + ARGO_CD}  controllerVersion: v3.5.1\n`);
    renderDist(h.workspace);
    await writeContext(h);
    await expect(syncStep(h.ctx)).rejects.toThrow(/argo-cd\/v3\.5\.1\/manifests\/install\.yaml$/);
  });

  it('refuses a cluster older than the pinned release supports, saying what to do, before applying anything', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux();
    h.kube.version = 'v1.33.5-gke.1200';
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as Error).message).toBe([
      'the cluster runs Kubernetes v1.33.5-gke.1200, older than 1.34.1, the oldest flux v2.9.0 supports (https://github.com/fluxcd/flux2/releases/tag/v2.9.0).',
      'Either:',
      '  - upgrade the cluster\'s control plane (and then its nodes) to 1.34.1 or later: gcloud container clusters upgrade CLUSTER --master --cluster-version=1.34 (the REGULAR channel must offer it; `gcloud container get-server-config` lists what it does); or',
      `  - pin an older controller release that supports this Kubernetes with gitops.controllerVersion in ${h.workspace.envFile}, once its CRDs are vendored (charts/gitops/controller-versions.ts).`,
    ].join('\n'));
    expect(h.kube.applied).toEqual([]);
  });

  it('accepts the first patch release the pinned release supports', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux();
    h.kube.version = 'v1.34.1-gke.1000';
    await syncStep(h.ctx);
    expect(h.out.text).toContain('the cluster runs Kubernetes v1.34.1-gke.1000; flux v2.9.0 needs 1.34.1 or later');
    expect(h.kube.applied).toHaveLength(1);
  });

  it('stops with the exact steps when a Helm release owns objects in the namespace', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux();
    const helm = (kind: string, name: string) => ({
      apiVersion: 'v1', kind, metadata: {
        name, namespace: 'dask-test',
        labels: { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'dask-2024.1.1' },
        annotations: { 'meta.helm.sh/release-name': 'dask', 'meta.helm.sh/release-namespace': 'dask-test' },
      },
    });
    const redis = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'redis-master', namespace: 'dask-test', annotations: { 'meta.helm.sh/release-name': 'redis' } } };
    h.kube.namespaceObjects.push(helm('Deployment', 'dask-scheduler'), helm('Deployment', 'dask-worker'), helm('Service', 'dask-scheduler'), helm('ServiceAccount', 'dask-jupyter'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'dask-test' } }, redis);
    const k = `kubectl --context=${CONTEXT} --namespace=dask-test`;
    await expect(syncStep(h.ctx)).rejects.toThrow(new CommandFailed([
      'namespace dask-test holds objects of Helm release dask: Deployment dask-test/dask-scheduler, Deployment dask-test/dask-worker, Service dask-test/dask-scheduler, ServiceAccount dask-test/dask-jupyter.',
      'Flux would apply over them: a Deployment\'s selector cannot change, so the apply is refused, and `helm upgrade` would undo Flux\'s changes.',
      'Move the release to Flux (the Dask and Jupyter pods restart; Services keep their names and addresses):',
      `  1. ${k} delete secret --selector=owner=helm,name=dask`,
      '       # Helm forgets dask; its objects stay (helm uninstall would delete them)',
      `  2. ${k} delete deployment/dask-scheduler deployment/dask-worker`,
      '       # their pods stop until Flux creates them again',
      `  3. ${k} annotate service/dask-scheduler serviceaccount/dask-jupyter meta.helm.sh/release-name- meta.helm.sh/release-namespace-`,
      '       # Flux takes these over as they are',
      `  4. ${k} label service/dask-scheduler serviceaccount/dask-jupyter app.kubernetes.io/managed-by- helm.sh/chart-`,
      '       # and they no longer look like Helm\'s',
      '  5. npm run bootstrap -- sync --env dev',
      '       # Flux creates the Deployments and adopts the rest',
    ].join('\n')));
    expect(h.out.text).toContain('Helm release redis also has objects in dask-test; none is named as an object this environment renders, so Flux leaves them alone\n');
    expect(h.kube.namespaceLists).toEqual([{ resources: expect.arrayContaining(['deployments.apps', 'services']), namespace: 'dask-test' }]);
    expect(h.kube.applied).toEqual([]);
  });

  it('in plan mode, reports what would stop sync on a reachable cluster, and applies nothing', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.version = 'v1.33.5-gke.1200';
    await syncStep(h.ctx);
    expect(h.out.text).toContain('the cluster runs Kubernetes v1.33.5-gke.1200; flux v2.9.0 needs 1.34.1 or later\nsync would stop: the cluster runs Kubernetes v1.33.5-gke.1200, older than 1.34.1');
    expect(h.kube.applied).toEqual([]);
  });

  it('in plan mode, says so when the cluster cannot be read, and still lists the objects', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.serverVersion = async () => { throw new CommandFailed('kubectl version failed on context x (exit 1): connection refused'); };
    await syncStep(h.ctx);
    expect(h.out.text).toContain('Kustomization flux-system/dask-dev\ncould not read the cluster to check its Kubernetes version and Helm releases: kubectl version failed on context x (exit 1): connection refused');
  });

  it('in plan mode, counts GitOps objects missing from the cluster, or changed there, as drift', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    const folders = renderDist(h.workspace);
    await writeContext(h);
    h.kube.installFlux();
    await syncStep(h.ctx);
    expect(h.ctx.drift).toEqual(['GitRepository flux-system/dask-dev is not on the cluster', 'Kustomization flux-system/dask-dev is not on the cluster']);

    // As applied: the API server adds defaults and status, which are no difference.
    const [repository, kustomization] = renderedObjects(folders, 'gitops/dev');
    const key = (object: typeof repository, resource: string) => FakeKube.key({ resource, name: object.metadata.name, namespace: object.metadata.namespace });
    h.kube.objects.set(key(repository, 'gitrepositories.source.toolkit.fluxcd.io'), { ...repository, spec: { ...(repository.spec as object), timeout: '60s' }, status: { ready: true } });
    h.kube.objects.set(key(kustomization, 'kustomizations.kustomize.toolkit.fluxcd.io'), kustomization);
    h.ctx.drift.length = 0;
    await syncStep(h.ctx);
    expect(h.ctx.drift).toEqual([]);

    // Someone pointed the Kustomization at another path by hand.
    h.kube.objects.set(key(kustomization, 'kustomizations.kustomize.toolkit.fluxcd.io'), { ...kustomization, spec: { ...(kustomization.spec as object), path: './elsewhere' } });
    await syncStep(h.ctx);
    expect(h.ctx.drift).toEqual(['Kustomization flux-system/dask-dev: the live spec differs from dist/']);
    expect(h.out.text).toContain('  Kustomization flux-system/dask-dev differs on the cluster from dist/ (its spec was changed there, or applied from another render)');
  });

  it('lists the objects and applies nothing in plan mode', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    renderDist(h.workspace);
    await syncStep(h.ctx);
    expect(h.out.text).toContain(`would server-side apply from ${join(h.workspace.dist, 'gitops', 'dev')}`);
    expect(h.out.text).toContain('Kustomization flux-system/dask-dev');
    expect(h.kube.applied).toEqual([]);
  });

  it('refuses GitOps objects that are not what the environment renders now', async () => {
    const h = await setUp();
    writeFileSync(h.workspace.envFile, `${CLUSTER_SECTION + FLUX}  branch: release\n`);
    renderDist(h.workspace);
    h.kube.installFlux();
    await writeContext(h);
    await expect(syncStep(h.ctx)).rejects.toThrow(/gitops\/dev\/gitrepository-dask-dev\.yaml is not what .*dev\.yaml renders now/);
    expect(h.kube.applied).toEqual([]);
  });

  it('in plan mode, says the objects are not rendered yet', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    await syncStep(h.ctx);
    expect(h.out.text).toContain(`would server-side apply the objects in ${join(h.workspace.dist, 'gitops', 'dev')}, which synth has not rendered yet (\`npm run synth\`)`);
  });

  it('says to run synth when the objects are not rendered', async () => {
    const h = await setUp();
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `${join(h.workspace.dist, 'gitops', 'dev')} not found: render it with \`npm run synth\` first (or point --dist at the folder synth renders into)`,
    );
  });

  it('names the file and line of a broken rendered file', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    const file = join(h.workspace.dist, 'gitops', 'dev', 'gitrepository-dask-dev.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: v1\nkind: ConfigMap\nkind: Secret\n');
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([{ file, path: [], line: 7, column: 1, message: 'not valid YAML: Map keys must be unique' }]);
    expect(h.kube.applied).toEqual([]);
  });

  it('has nothing to sync without a gitops: section', async () => {
    const h = await setUp(CLUSTER_SECTION);
    await syncStep(h.ctx);
    expect(h.out.text).toContain('has no gitops: section: nothing to sync');
  });
});

describe('the installed controller release', () => {
  it('is read from Flux\'s version label and from the Argo CD controller\'s image tag', () => {
    expect(installedVersionOf('flux', { metadata: { labels: { 'app.kubernetes.io/version': 'v2.9.0' } } })).toBe('v2.9.0');
    expect(installedVersionOf('flux', { metadata: { labels: { 'app.kubernetes.io/version': 'latest' } } })).toBeUndefined();
    expect(installedVersionOf('flux', { metadata: {} })).toBeUndefined();
    const argo = (image: string) => ({ metadata: {}, spec: { template: { spec: { containers: [{ image }] } } } });
    expect(installedVersionOf('argocd', argo('quay.io/argoproj/argocd:v3.5.1'))).toBe('v3.5.1');
    expect(installedVersionOf('argocd', argo('quay.io/argoproj/argocd:v3.5.1@sha256:0123'))).toBe('v3.5.1');
    expect(installedVersionOf('argocd', argo('quay.io/argoproj/argocd:latest'))).toBeUndefined();
  });
});
