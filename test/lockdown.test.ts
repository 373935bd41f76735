// The production output's security settings, object by object, and the NetworkPolicies'
// selectors matched against the labels the rendered pods really carry.
import { join } from 'path';
import { loadEnvironment } from '../charts/config/load-environment';
import { renderEnvironments, renderFolder } from '../charts/render';
import { containerOf, renderText } from './support/render-fixtures';
import { loadText, OWN_PASSWORD_HASH as HASH } from './support/environment-fixtures';


const PROD = `namespace: prod-ns
production: true
dask:
  scheduler:
    clientNamespaces: [airflow]
  worker:
    resources:
      requests: {cpu: 1, memory: 4Gi}
      limits: {cpu: 1, memory: 4Gi}
  additional_worker_groups:
    - name: big
      resources:
        requests: {cpu: 2, memory: 8Gi}
        limits: {cpu: 2, memory: 8Gi}
  jupyter:
    password: "${HASH}"
    ingress:
      enabled: true
      controllerNamespace: ingress-nginx
`;

type Json = Record<string, any>;

/** A pod template's labels against a NetworkPolicy's matchLabels. */
function selects(selector: Json, labels: Record<string, string>): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function deployments(objects: Map<string, Json>): Json[] {
  return [...objects.values()].filter((object) => object.kind === 'Deployment');
}

function podLabels(deployment: Json): Record<string, string> {
  return deployment.spec.template.metadata.labels;
}

describe('production output', () => {
  const objects = renderText(PROD);
  const scheduler = objects.get('Deployment/dask-scheduler')!;
  const jupyter = objects.get('Deployment/dask-jupyter')!;
  const workers = [objects.get('Deployment/dask-worker')!, objects.get('Deployment/dask-worker-big')!];

  test('every container: no privilege escalation, every capability dropped', () => {
    expect(deployments(objects)).toHaveLength(4);
    for (const deployment of deployments(objects)) {
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      }
      expect(deployment.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    }
  });

  test('Jupyter runs as the notebook image\'s user, jovyan (1000:100), and its volumes belong to group 100', () => {
    expect(jupyter.spec.template.spec.securityContext).toEqual({
      runAsUser: 1000, runAsGroup: 100, fsGroup: 100, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the Dask image keeps its own user: it runs as root and owns /opt/conda, where EXTRA_PIP_PACKAGES installs', () => {
    for (const deployment of [scheduler, ...workers]) {
      expect(deployment.spec.template.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    }
  });

  test('a pod securityContext in the environment wins over the defaults', () => {
    const own = renderText(PROD.replace('  jupyter:\n', '  jupyter:\n    securityContext: {runAsUser: 1001}\n'));
    expect(own.get('Deployment/dask-jupyter')!.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 100 });
  });

  test('a service account token only where RBAC gives it a use: Jupyter with rbac', () => {
    expect(scheduler.spec.template.spec.automountServiceAccountToken).toBe(false);
    for (const worker of workers) expect(worker.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(jupyter.spec.template.spec.automountServiceAccountToken).toBe(true);
    const noRbac = renderText(PROD.replace('  jupyter:\n', '  jupyter:\n    rbac: false\n'));
    expect(noRbac.get('Deployment/dask-jupyter')!.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('PodDisruptionBudgets keep voluntary evictions off the scheduler and Jupyter', () => {
    for (const deployment of [scheduler, jupyter]) {
      const budget = objects.get(`PodDisruptionBudget/${deployment.metadata.name}`)!;
      expect(budget.apiVersion).toBe('policy/v1');
      expect(budget.spec.maxUnavailable).toBe(0);
      expect(budget.metadata.namespace).toBe('prod-ns');
      // It covers exactly its own Deployment's pods.
      expect(deployments(objects).filter((d) => selects(budget.spec.selector, podLabels(d)))).toEqual([deployment]);
    }
    expect([...objects.keys()].filter((key) => key.startsWith('PodDisruptionBudget/'))).toHaveLength(2);
  });

  test('the scheduler\'s comm port admits this release\'s workers, Jupyter and the listed namespaces only', () => {
    const policy = objects.get('NetworkPolicy/dask-scheduler')!;
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(deployments(objects).filter((d) => selects(policy.spec.podSelector, podLabels(d)))).toEqual([scheduler]);

    const commPort = containerOf(scheduler).ports.find((port: Json) => port.name === 'comm').containerPort;
    const comm = policy.spec.ingress.find((rule: Json) => rule.ports[0].port === commPort);
    const podPeers = comm.from.filter((peer: Json) => peer.podSelector);
    const admitted = deployments(objects).filter((d) => podPeers.some((peer: Json) => selects(peer.podSelector, podLabels(d))));
    expect(admitted.map((d) => d.metadata.name).sort()).toEqual(['dask-jupyter', 'dask-worker', 'dask-worker-big']);
    expect(comm.from.filter((peer: Json) => peer.namespaceSelector)).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'airflow' } } },
    ]);
  });

  test('the scheduler\'s dashboard port stays open inside the cluster: it runs no client code', () => {
    const policy = objects.get('NetworkPolicy/dask-scheduler')!;
    const dashboardPort = containerOf(scheduler).ports.find((port: Json) => port.name === 'dashboard').containerPort;
    expect(policy.spec.ingress).toContainEqual({ ports: [{ port: dashboardPort, protocol: 'TCP' }] });
    expect(policy.spec.ingress).toHaveLength(2);
  });

  test('each worker group admits only its scheduler, the workers, Jupyter and the listed namespaces; its metrics port stays open', () => {
    for (const worker of workers) {
      const policy = objects.get(`NetworkPolicy/${worker.metadata.name}`)!;
      expect(deployments(objects).filter((d) => selects(policy.spec.podSelector, podLabels(d)))).toEqual([worker]);
      const [peers, metrics] = policy.spec.ingress;
      // Every port: a worker listens on random ones unless port is set.
      expect(peers.ports).toBeUndefined();
      const admitted = deployments(objects).filter((d) => peers.from.some((peer: Json) => peer.podSelector && selects(peer.podSelector, podLabels(d))));
      expect(admitted.map((d) => d.metadata.name).sort()).toEqual(['dask-jupyter', 'dask-scheduler', 'dask-worker', 'dask-worker-big']);
      expect(peers.from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'airflow' } } });
      const dashboardPort = containerOf(worker).ports.find((port: Json) => port.name === 'dashboard').containerPort;
      expect(metrics).toEqual({ ports: [{ port: dashboardPort, protocol: 'TCP' }] });
    }
  });

  test('a worker group with an external scheduler gets no policy: its scheduler is outside this release', () => {
    const external = renderText(PROD.replace('    - name: big\n', '    - name: big\n      custom_scheduler_url: tcp://elsewhere:8786\n'));
    expect(external.has('NetworkPolicy/dask-worker')).toBe(true);
    expect(external.has('NetworkPolicy/dask-worker-big')).toBe(false);
  });

  test('Jupyter admits only the Ingress controller\'s namespace, on its http port', () => {
    const policy = objects.get('NetworkPolicy/dask-jupyter')!;
    expect(deployments(objects).filter((d) => selects(policy.spec.podSelector, podLabels(d)))).toEqual([jupyter]);
    const httpPort = containerOf(jupyter).ports.find((port: Json) => port.name === 'http').containerPort;
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: httpPort, protocol: 'TCP' }] },
    ]);
  });

  test('Jupyter with neither Ingress nor load balancer admits no one (kubectl port-forward does not pass the network)', () => {
    const closed = renderText(PROD.replace('      enabled: true\n', '      enabled: false\n'));
    expect(closed.get('NetworkPolicy/dask-jupyter')!.spec.ingress).toEqual([]);
  });

  test('Jupyter behind a load balancer with source ranges: the load balancer decides who reaches the port', () => {
    const balanced = renderText(PROD.replace('  jupyter:\n', '  jupyter:\n    serviceType: LoadBalancer\n    loadBalancerSourceRanges: [203.0.113.0/24]\n'));
    expect(balanced.get('Service/dask-jupyter')!.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24']);
    expect(balanced.get('NetworkPolicy/dask-jupyter')!.spec.ingress).toContainEqual({ ports: [{ port: 8888, protocol: 'TCP' }] });
  });

  test('no Secret is rendered', () => {
    expect([...objects.values()].filter((object) => object.kind === 'Secret')).toEqual([]);
  });
});

describe('the shipped prod environment', () => {
  const env = loadEnvironment(join(__dirname, '..', 'environments', 'prod.yaml'));
  const [folder] = renderEnvironments([env]);

  test('is locked down: policies, budgets and security contexts are in dist/prod/', () => {
    expect([...folder.files.keys()]).toEqual(expect.arrayContaining([
      'networkpolicy-dask-scheduler.yaml', 'networkpolicy-dask-jupyter.yaml',
      'poddisruptionbudget-dask-scheduler.yaml', 'poddisruptionbudget-dask-jupyter.yaml',
    ]));
    expect(folder.files.get('deployment-dask-worker.yaml')).toContain('allowPrivilegeEscalation: false');
  });

  test('names a dedicated node service account and its Ingress controller', () => {
    expect(env.cluster?.nodeServiceAccount).toBe('dask-nodes@my-gcp-project.iam.gserviceaccount.com');
    expect(env.dask.jupyter.ingress.controllerNamespace).toBe('ingress-nginx');
    expect(env.acknowledge).toEqual([]);
  });
});

describe('dev output', () => {
  test('is left as the chart renders it', () => {
    const objects = renderText(PROD.replace('production: true\n', ''));
    expect([...objects.keys()].filter((key) => /^(NetworkPolicy|PodDisruptionBudget)\//.test(key))).toEqual([]);
    for (const deployment of deployments(objects)) {
      expect(deployment.spec.template.spec.automountServiceAccountToken).toBeUndefined();
      expect(deployment.spec.template.spec.securityContext).toBeUndefined();
      expect(containerOf(deployment).securityContext).toBeUndefined();
    }
  });
});

describe('rendering a Secret', () => {
  test('with data is refused: it would be committed in clear', () => {
    const env = loadText('namespace: a\n');
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'a' }, stringData: { token: 'x' } };
    expect(() => renderFolder('a', env, [secret])).toThrow(new Error('a: Secret/creds carries data, which would be committed in clear: refer to Secrets by name and create them outside git'));
  });

  test('without data (a name to refer to) would pass', () => {
    const env = loadText('namespace: a\n');
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'a' } };
    expect(renderFolder('a', env, [secret]).files.has('secret-creds.yaml')).toBe(true);
  });
});
