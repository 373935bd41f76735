// `npm run connect`: what it prints for the shipped dev and prod environments from
// dist/ alone, and with live addresses read by the real kubectl from a loopback
// HTTPS server that STANDS IN FOR a Kubernetes API server.
import { delimiter, join, resolve } from 'path';
import { renderEnvironments } from '../charts/render';
import { connectText } from '../bootstrap/connect';
import { loadText } from './support/environment-fixtures';
import { renderedObjects } from './support/bootstrap-fixtures';
import { main } from '../bootstrap/connect';
import { Kubectl } from '../bootstrap/kubectl';
import { writeCredentials } from '../bootstrap/steps/credentials';
import { CapturedOutput, FakeKube } from './support/bootstrap-fixtures';
import { KubeApiServer } from './support/kube-api-server';
import { fakeAdcFile, fakeAuthPluginDir, loopbackCertificate } from './support/loopback-tls';
import { describeWithPrograms } from './support/require-program';
import { tempDir } from './support/temp-dirs';

const ROOT = resolve(__dirname, '..');
const DEV_CONTEXT = 'gke_my-gcp-project_us-central1-a_dask-dev';
const PROD_CONTEXT = 'gke_my-gcp-project_us-central1_dask-prod';

async function connect(env: string, deps: { kube?: Kubectl | FakeKube; kubeconfig?: string } = {}): Promise<string[]> {
  const out = new CapturedOutput();
  await main(['--env', env], { out: out.output, kube: deps.kube ?? new FakeKube(), kubeconfig: deps.kubeconfig ?? join(tempDir('connect-'), 'config') }, ROOT);
  expect(out.errors).toBe('');
  return out.text.split('\n');
}

describe('connect, from dist/ alone', () => {
  it('dev: port-forward commands with the context and namespace, the dashboard, and the Python line', async () => {
    const lines = await connect('dev');
    expect(lines).toEqual([
      `dev: namespace dask-dev on context ${DEV_CONTEXT}`,
      expect.stringMatching(/^\(from dist\/ only: the kubeconfig .* has no context gke_my-gcp-project_us-central1-a_dask-dev: run `npm run bootstrap -- credentials --env dev`\)$/),
      '',
      'Jupyter',
      `  kubectl --context ${DEV_CONTEXT} --namespace dask-dev port-forward service/dask-jupyter 8888:80`,
      '  then open http://localhost:8888 (password hint: dask)',
      '',
      'Dask dashboard and scheduler',
      `  kubectl --context ${DEV_CONTEXT} --namespace dask-dev port-forward service/dask-scheduler 8786:8786 8787:80`,
      '  then open http://localhost:8787/status for the dashboard, and connect a client from Python:',
      '    from dask.distributed import Client; client = Client("tcp://localhost:8786")',
      '  (your Python needs the cluster\'s Dask version: pip install "dask[distributed]==2025.11.0")',
      '  In a notebook on this environment\'s Jupyter, Client() finds the scheduler by itself (DASK_SCHEDULER_ADDRESS).',
      '',
    ]);
  });

  it('prod: the Jupyter Ingress host, with https for its TLS', async () => {
    const lines = await connect('prod');
    expect(lines).toContain(`  kubectl --context ${PROD_CONTEXT} --namespace dask-prod port-forward service/dask-jupyter 8888:80`);
    expect(lines).toContain('  Ingress: https://jupyter.dask.example.com/');
  });

  it('says when the cluster does not answer, and still prints what dist/ holds', async () => {
    const kubeconfig = join(tempDir('connect-'), 'config');
    await writeCredentials(kubeconfig, DEV_CONTEXT, { server: 'https://127.0.0.1:1', certificateAuthorityData: 'Q0E=' });
    const kube = new FakeKube();
    kube.listFailure = new Error('kubectl get failed on context x (exit 1): connection refused');
    const lines = await connect('dev', { kube, kubeconfig });
    expect(lines[1]).toBe('(from dist/ only: the cluster did not answer (kubectl get failed on context x (exit 1): connection refused))');
    expect(lines).toContain(`  kubectl --context ${DEV_CONTEXT} --namespace dask-dev port-forward service/dask-jupyter 8888:80`);
  });
});

describe('connectText', () => {
  const env = loadText('namespace: dask-test\ndask:\n  scheduler: {serviceType: LoadBalancer}\n  jupyter: {enabled: false}\n', 'lab');
  const objects = renderedObjects(renderEnvironments([env]), 'lab');
  const target = { kubeconfig: 'config', context: 'lab-context' };
  const service = objects.find((object) => object.kind === 'Service')!;

  it('gives a LoadBalancer scheduler\'s dashboard and client address, and says Jupyter is off', () => {
    const live = { objects: [{ ...service, status: { loadBalancer: { ingress: [{ ip: '198.51.100.4' }] } } }] };
    const lines = connectText(env, objects, target, live);
    expect(lines).toContain('  not enabled in this environment (dask.jupyter.enabled is false)');
    expect(lines).toContain('  LoadBalancer: http://198.51.100.4:80/status, and Client("tcp://198.51.100.4:8786") (anyone who reaches it can run code on the cluster)');
    expect(lines).not.toContain('  In a notebook on this environment\'s Jupyter, Client() finds the scheduler by itself (DASK_SCHEDULER_ADDRESS).');
  });

  it('says the address is pending, or unknown offline', () => {
    expect(connectText(env, objects, target, { objects: [service] })).toContain('  LoadBalancer: address pending');
    expect(connectText(env, objects, target, { reason: 'offline' })).toContain('  LoadBalancer: its address shows once the cluster answers');
  });
});

describeWithPrograms('connect, with the live cluster', ['kubectl', 'openssl'], () => {
  let api: KubeApiServer;
  let kubeconfig: string;
  let kubectl: Kubectl;

  beforeEach(async () => {
    const tls = loopbackCertificate();
    api = await KubeApiServer.start(tls);
    const dir = tempDir('connect-live-');
    kubeconfig = join(dir, 'config');
    await writeCredentials(kubeconfig, PROD_CONTEXT, { server: `https://${api.address}`, certificateAuthorityData: tls.caBase64 });
    kubectl = new Kubectl({ env: { PATH: `${fakeAuthPluginDir()}${delimiter}${process.env.PATH ?? ''}`, KUBECACHEDIR: join(dir, 'cache'), GOOGLE_APPLICATION_CREDENTIALS: fakeAdcFile() } });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('prod: the Ingress load balancer\'s address once the controller gives it one', async () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'dask-jupyter', namespace: 'dask-prod' }, spec: {}, status: { loadBalancer: {} } };
    api.seed(ingress);
    const pending = await connect('prod', { kube: kubectl, kubeconfig });
    expect(pending[1]).toBe('(from dist/ and the live cluster)');
    expect(pending).toContain('  Ingress: https://jupyter.dask.example.com/ (no address yet: the Ingress controller has not given it one)');

    api.seed({ ...ingress, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } });
    const ready = await connect('prod', { kube: kubectl, kubeconfig });
    expect(ready).toContain('  Ingress: https://jupyter.dask.example.com/ (its load balancer: 203.0.113.7; point jupyter.dask.example.com\'s DNS there)');
    expect(api.requests.map((request) => request.path)).toEqual(expect.arrayContaining([
      '/api/v1/namespaces/dask-prod/services',
      '/apis/networking.k8s.io/v1/namespaces/dask-prod/ingresses',
    ]));
    expect(api.mutations()).toEqual([]);
  });
});
