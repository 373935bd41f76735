// Runs the real kubectl against a loopback HTTPS server that STANDS IN FOR a
// Kubernetes API server (test/support/kube-api-server.ts): it answers discovery
// and single-object calls and records every request. No cluster is involved.
import { readFileSync, writeFileSync } from 'fs';
import { delimiter, join } from 'path';
import { CommandFailed } from '../charts/cli/exit';
import { renderEnvironments } from '../charts/render';
import { KubeTarget } from '../bootstrap/kube-client';
import { Kubectl } from '../bootstrap/kubectl';
import { writeCredentials } from '../bootstrap/steps/credentials';
import { CLUSTER_SECTION, CONTEXT, FLUX, renderedObjects } from './support/bootstrap-fixtures';
import { loadText } from './support/environment-fixtures';
import { KubeApiServer } from './support/kube-api-server';
import { fakeAdcFile, FAKE_PLUGIN_TOKEN, fakeAuthPluginDir, loopbackCertificate } from './support/loopback-tls';
import { describeWithPrograms } from './support/require-program';
import { tempDir } from './support/temp-dirs';

// The objects bootstrap applies, as synth renders them.
const RENDERED = renderEnvironments([loadText(CLUSTER_SECTION + FLUX, 'dev')]);
const fluxObjects = () => renderedObjects(RENDERED, 'gitops/dev');

describeWithPrograms('Kubectl against a loopback API stand-in', ['kubectl', 'openssl'], () => {
  let api: KubeApiServer;
  let kubectl: Kubectl;
  let target: KubeTarget;
  let pluginPath: string;

  beforeEach(async () => {
    const tls = loopbackCertificate();
    api = await KubeApiServer.start(tls);
    const dir = tempDir('kubectl-test-');
    target = { kubeconfig: join(dir, 'config'), context: CONTEXT };
    await writeCredentials(target.kubeconfig, CONTEXT, { server: `https://${api.address}`, certificateAuthorityData: tls.caBase64 });
    pluginPath = `${fakeAuthPluginDir()}${delimiter}${process.env.PATH ?? ''}`;
    // Only Application Default Credentials on this machine, as in CI: no `gcloud auth login`.
    kubectl = new Kubectl({ env: { PATH: pluginPath, KUBECACHEDIR: join(dir, 'cache'), GOOGLE_APPLICATION_CREDENTIALS: fakeAdcFile() } });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('server-side applies with bootstrap\'s field manager, authenticated by the exec plugin', async () => {
    const binding = renderedObjects(RENDERED, 'bootstrap/dev')[0];
    const lines = await kubectl.apply([binding], target);
    expect(lines).toEqual(['clusterrolebinding.rbac.authorization.k8s.io/dask-gitops-dev-cluster-admins serverside-applied']);
    const patches = api.mutations();
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({
      method: 'PATCH',
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/dask-gitops-dev-cluster-admins',
      query: { fieldManager: 'dask-gitops-bootstrap', force: 'false', fieldValidation: 'Strict' },
      contentType: 'application/apply-patch+yaml',
      body: binding,
    });
    expect(api.requests.every((request) => request.authorization === `Bearer ${FAKE_PLUGIN_TOKEN}`)).toBe(true);
  });

  it('reads the API server\'s version from /version', async () => {
    api.kubernetesVersion = 'v1.34.1-gke.1000';
    expect(await kubectl.serverVersion(target)).toBe('v1.34.1-gke.1000');
    expect(api.requests.some((request) => request.path === '/version')).toBe(true);
  });

  it('lists a namespace\'s objects of several kinds, and none of another namespace', async () => {
    const meta = (name: string, namespace: string) => ({ name, namespace, annotations: { 'meta.helm.sh/release-name': 'my-dask' } });
    api.seed({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('my-dask-worker', 'dask-dev') });
    api.seed({ apiVersion: 'v1', kind: 'Service', metadata: meta('my-dask-scheduler', 'dask-dev') });
    api.seed({ apiVersion: 'v1', kind: 'Service', metadata: meta('other', 'elsewhere') });
    const objects = await kubectl.listInNamespace(['deployments.apps', 'services', 'configmaps'], 'dask-dev', target);
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(['Deployment/my-dask-worker', 'Service/my-dask-scheduler']);
    expect(await kubectl.listInNamespace(['services'], 'empty', target)).toEqual([]);
  });

  it('tells whether an object exists', async () => {
    const crd = { resource: 'customresourcedefinitions.apiextensions.k8s.io', name: 'kustomizations.kustomize.toolkit.fluxcd.io' };
    expect(await kubectl.exists(crd, target)).toBe(false);
    api.installFlux();
    expect(await kubectl.exists(crd, target)).toBe(true);
    expect(await kubectl.exists({ resource: 'deployments.apps', name: 'kustomize-controller', namespace: 'flux-system' }, target)).toBe(true);
    const controller = await kubectl.get({ resource: 'deployments.apps', name: 'kustomize-controller', namespace: 'flux-system' }, target);
    expect(controller?.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': 'v2.9.0' });
    expect(await kubectl.get({ resource: 'deployments.apps', name: 'helm-controller', namespace: 'flux-system' }, target)).toBeUndefined();
  });

  it('applies and then deletes the Flux objects, waiting until they are gone', async () => {
    api.installFlux();
    await kubectl.apply(fluxObjects(), target);
    expect(api.objects.has('/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev')).toBe(true);
    const lines = await kubectl.delete([...fluxObjects()].reverse(), target, 30);
    expect(lines).toEqual([
      'kustomization.kustomize.toolkit.fluxcd.io "dask-dev" deleted',
      'gitrepository.source.toolkit.fluxcd.io "dask-dev" deleted',
    ]);
    expect(api.mutations().filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev',
      '/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/dask-dev',
    ]);
    expect(api.objects.has('/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev')).toBe(false);
  });

  it('reaches the cluster with ADC alone: the written context passes the plugin its ADC flag', async () => {
    expect(await kubectl.exists({ resource: 'namespaces', name: 'dask-test' }, target)).toBe(false);
    expect(api.requests.length).toBeGreaterThan(0);
    expect(api.requests.every((request) => request.authorization === `Bearer ${FAKE_PLUGIN_TOKEN}`)).toBe(true);
  });

  it('says which login is missing and how to get it when ADC is absent, without kubectl\'s --validate=false advice', async () => {
    const noAdc = new Kubectl({ env: { PATH: pluginPath, KUBECACHEDIR: join(tempDir('kubectl-cache-'), 'cache'), GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/adc.json' } });
    const binding = renderedObjects(RENDERED, 'bootstrap/dev')[0];
    const failure = noAdc.apply([binding], target).then(() => undefined, (error: unknown) => error as Error);
    const message = (await failure)?.message ?? '';
    expect(message).toMatch(/^kubectl apply failed on context gke_demo-project_us-central1-a_dask-dev \(exit 1\): /);
    expect(message).toContain('could not find default credentials');
    expect(message).toContain('gke-gcloud-auth-plugin could not get a token from Application Default Credentials, the login bootstrap uses for GKE and kubectl alike. '
      + 'Run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file), then re-run.');
    expect(message).not.toContain('--validate=false');
    expect(api.mutations()).toEqual([]);
  });

  it('says to re-run credentials when an older context asks the plugin for a gcloud login', async () => {
    // What the tutorial's get-credentials writes without the ADC property: no args.
    const text = readFileSync(target.kubeconfig, 'utf8').replace(/\n\s+args:\n\s+- --use_application_default_credentials/, '');
    expect(text).not.toContain('--use_application_default_credentials');
    writeFileSync(target.kubeconfig, text);
    await expect(kubectl.exists({ resource: 'namespaces', name: 'dask-test' }, target))
      .rejects.toThrow(/lacks\. Bootstrap uses Application Default Credentials: re-run the credentials step to write the context that uses them/);
  });

  it('lists objects, with a label selector, and deletes a ClusterRoleBinding', async () => {
    const labels = (pool: string) => ({ 'cloud.google.com/gke-nodepool': pool, 'topology.kubernetes.io/zone': 'us-central1-a' });
    api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: labels('default-pool') } });
    api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2', labels: labels('dask-workers') } });
    api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3' } });
    expect((await kubectl.list('nodes', target, 'cloud.google.com/gke-nodepool')).map((node) => node.metadata.name)).toEqual(['n1', 'n2']);
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'cluster-admin-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'former@example.com' }],
    };
    api.seed(binding);
    expect(await kubectl.list('clusterrolebindings.rbac.authorization.k8s.io', target)).toEqual([binding]);
    await kubectl.delete([binding], target, 30);
    expect(api.mutations().map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin-binding']);
  });

  it('fails with kubectl\'s own words when the cluster does not know a kind', async () => {
    // (A real API server would name the kind; the stand-in lacks the OpenAPI v2 kubectl then asks for.)
    await expect(kubectl.apply(fluxObjects(), target)).rejects.toThrow(/^kubectl apply failed on context gke_demo-project_us-central1-a_dask-dev \(exit 1\): error: /);
    expect(api.mutations()).toEqual([]);
  });
});

describe('Kubectl without kubectl', () => {
  it('says how to install it', async () => {
    const kubectl = new Kubectl({ program: '/nonexistent/kubectl' });
    await expect(kubectl.exists({ resource: 'namespaces', name: 'x' }, { kubeconfig: '/nonexistent/config', context: 'c' }))
      .rejects.toThrow(new CommandFailed('/nonexistent/kubectl was not found on PATH. Install it (gcloud components install kubectl, or your system\'s package), then re-run.'));
  });
});
