// Production guardrails: each hazard refused with production: true, accepted where
// dev keeps the tutorial's workflow, and silenced only by acknowledging it by name.
import { loadText, OWN_PASSWORD_HASH as HASH, problemsOf, warningsOf } from './support/environment-fixtures';


/** A production environment with no hazard: its own password, sized workers, no cluster section. */
const PROD = `namespace: a
production: true
dask:
  worker:
    resources:
      requests: {cpu: 1, memory: 4Gi}
      limits: {cpu: 1, memory: 4Gi}
  jupyter:
    password: "${HASH}"
`;

/** The same without production: true. */
const DEV = PROD.replace('production: true\n', '');

const CLUSTER = 'cluster:\n  project: my-project\n  location: us-central1\n  name: c\n';
const NODE_ACCOUNT = '  nodeServiceAccount: dask-nodes@my-project.iam.gserviceaccount.com\n';

function withJupyter(text: string, lines: string): string {
  return text.replace('  jupyter:\n', `  jupyter:\n${lines}`);
}

function withoutPassword(text: string): string {
  return text.replace(`    password: "${HASH}"\n`, '    serviceType: ClusterIP\n');
}

test('the base environments have no finding', () => {
  expect(warningsOf(PROD)).toEqual([]);
  expect(warningsOf(DEV)).toEqual([]);
  expect(warningsOf(PROD + CLUSTER + NODE_ACCOUNT)).toEqual([]);
});

describe('default-jupyter-password', () => {
  const text = 'is the chart\'s default hash, of the password "dask"';
  const advice = 'anyone who reaches Jupyter runs code in the cluster; make a hash of your own password with npm run password; or accept it with acknowledge: [default-jupyter-password]';

  test('refused in production', () => {
    expect(problemsOf(withoutPassword(PROD))).toEqual([`FILE:9:5: dask.jupyter.password: ${text}, not allowed in production: ${advice}`]);
  });

  test('a warning in dev', () => {
    expect(warningsOf(withoutPassword(DEV))).toEqual([`FILE:8:5: dask.jupyter.password: ${text}: ${advice}`]);
  });

  test('nothing when acknowledged, or when Jupyter is off', () => {
    expect(warningsOf(`acknowledge: [default-jupyter-password]\n${withoutPassword(PROD)}`)).toEqual([]);
    expect(warningsOf(withJupyter(withoutPassword(PROD), '    enabled: false\n'))).toEqual([]);
  });
});

describe('public-scheduler', () => {
  const advice = 'use ClusterIP and kubectl port-forward (or an Ingress), or set dask.scheduler.loadBalancerSourceRanges to your clients\' address ranges; or accept it with acknowledge: [public-scheduler]';
  const lb = '  scheduler:\n    serviceType: LoadBalancer\n';

  test('refused in production without loadBalancerSourceRanges', () => {
    expect(problemsOf(PROD + lb)).toEqual([
      `FILE:11:18: dask.scheduler.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens the scheduler, which runs any code a client sends it, to the internet, not allowed in production; ${advice}`,
    ]);
  });

  test('refused in production with a range that admits everyone', () => {
    expect(problemsOf(`${PROD + lb}    loadBalancerSourceRanges: [203.0.113.0/24, 0.0.0.0/0]\n`)).toEqual([
      `FILE:11:18: dask.scheduler.serviceType: "LoadBalancer" with loadBalancerSourceRanges 0.0.0.0/0 opens the scheduler, which runs any code a client sends it, to the internet, not allowed in production; ${advice}`,
    ]);
  });

  test('a warning in dev', () => {
    expect(warningsOf(DEV + lb)).toEqual([
      `FILE:10:18: dask.scheduler.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens the scheduler, which runs any code a client sends it, to the internet; ${advice}`,
    ]);
  });

  test('accepted with source ranges, which the Service carries', () => {
    const text = `${PROD + lb}    loadBalancerSourceRanges: [203.0.113.0/24]\n`;
    expect(warningsOf(text)).toEqual([]);
    expect(loadText(text).dask.scheduler.loadBalancerSourceRanges).toEqual(['203.0.113.0/24']);
  });

  test('a source range that is not CIDR is refused by the schema', () => {
    expect(problemsOf(`${PROD + lb}    loadBalancerSourceRanges: [office]\n`)).toEqual([
      'FILE:12:32: dask.scheduler.loadBalancerSourceRanges[0]: "office" is not allowed: must be an address range in CIDR form, such as 203.0.113.0/24',
    ]);
  });

  test('nothing when acknowledged', () => {
    expect(warningsOf(`acknowledge: [public-scheduler]\n${PROD}${lb}`)).toEqual([]);
  });
});

describe('public-jupyter', () => {
  const advice = 'use ClusterIP and kubectl port-forward (or an Ingress), or set dask.jupyter.loadBalancerSourceRanges to your clients\' address ranges; or accept it with acknowledge: [public-jupyter]';

  test('refused in production', () => {
    expect(problemsOf(withJupyter(PROD, '    serviceType: LoadBalancer\n'))).toEqual([
      `FILE:9:18: dask.jupyter.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens Jupyter to the internet, not allowed in production; ${advice}`,
    ]);
  });

  test('a warning in dev', () => {
    expect(warningsOf(withJupyter(DEV, '    serviceType: LoadBalancer\n'))).toEqual([
      `FILE:8:18: dask.jupyter.serviceType: "LoadBalancer" without loadBalancerSourceRanges opens Jupyter to the internet; ${advice}`,
    ]);
  });

  test('accepted with source ranges', () => {
    expect(warningsOf(withJupyter(PROD, '    serviceType: LoadBalancer\n    loadBalancerSourceRanges: [198.51.100.7/32]\n'))).toEqual([]);
  });
});

describe('workers-without-requests', () => {
  const advice = 'the cluster autoscaler sizes nodes by requests, so it adds none for these workers, and they are the first evicted under memory pressure';

  test('refused in production when a group requests no memory (a limit counts: Kubernetes copies it)', () => {
    const text = PROD.replace('      requests: {cpu: 1, memory: 4Gi}\n      limits: {cpu: 1, memory: 4Gi}\n', '      limits: {cpu: 1}\n');
    expect(problemsOf(text)).toEqual([
      `FILE:6:7: dask.worker.resources: worker group "default" requests no memory, not allowed in production: ${advice}; set resources.requests.memory; or accept it with acknowledge: [workers-without-requests]`,
    ]);
  });

  test('refused in production for an additional group with its own resources', () => {
    const text = `${PROD}  additional_worker_groups:\n    - name: gpu\n      resources: {requests: null, limits: null}\n`;
    expect(problemsOf(text)).toEqual([
      `FILE:12:18: dask.additional_worker_groups[0].resources: worker group "gpu" requests no cpu and no memory, not allowed in production: ${advice}; set resources.requests.cpu and resources.requests.memory; or accept it with acknowledge: [workers-without-requests]`,
    ]);
  });

  test('in dev, a warning only when workers have no resources at all', () => {
    const bare = DEV.replace('  worker:\n    resources:\n      requests: {cpu: 1, memory: 4Gi}\n      limits: {cpu: 1, memory: 4Gi}\n', '');
    expect(warningsOf(bare)).toEqual([
      `FILE:3:3: dask.worker.resources: worker group "default" has no resources: ${advice}; set resources.requests (and limits) for cpu and memory; or accept it with acknowledge: [workers-without-requests]`,
    ]);
    expect(warningsOf(DEV.replace('      requests: {cpu: 1, memory: 4Gi}\n      limits: {cpu: 1, memory: 4Gi}\n', '      limits: {cpu: 1}\n'))).toEqual([]);
  });
});

describe('no-workload-identity', () => {
  test('refused in production', () => {
    expect(problemsOf(`${PROD}${CLUSTER}  workloadIdentity: false\n${NODE_ACCOUNT}`)).toEqual([
      'FILE:14:21: cluster.workloadIdentity: is false, not allowed in production: every pod, the scheduler included, could then use the nodes\' Google credentials; remove it (the default is true) and grant each workload its own identity; or accept it with acknowledge: [no-workload-identity]',
    ]);
  });

  test('accepted in dev', () => {
    expect(warningsOf(`${DEV}${CLUSTER}  workloadIdentity: false\n`)).toEqual([]);
  });
});

describe('default-node-service-account', () => {
  test('refused in production', () => {
    expect(problemsOf(PROD + CLUSTER)).toEqual([
      'FILE:11:3: cluster.nodeServiceAccount: is not set, not allowed in production: the nodes would run as the Compute Engine default service account (which often holds roles/editor) with the cloud-platform scope; create a service account with only roles/container.defaultNodeServiceAccount and set its email here; or accept it with acknowledge: [default-node-service-account]',
    ]);
  });

  test('accepted in dev', () => {
    expect(warningsOf(DEV + CLUSTER)).toEqual([]);
  });

  test('an email that is not a service account is refused by the schema', () => {
    expect(problemsOf(`${PROD}${CLUSTER}  nodeServiceAccount: nodes@example.com\n`)).toEqual([
      'FILE:14:23: cluster.nodeServiceAccount: "nodes@example.com" is not allowed: must be a Google service account email: NAME@PROJECT.iam.gserviceaccount.com',
    ]);
  });
});

describe('install-packages-at-start', () => {
  const env = '    env:\n      - name: EXTRA_PIP_PACKAGES\n        value: s3fs\n';
  const message = 'EXTRA_PIP_PACKAGES makes every container start install packages: slow starts, and each pod may get different versions; bake them into an image of your own; or accept it with acknowledge: [install-packages-at-start]';

  test('a warning, in production too', () => {
    expect(warningsOf(withJupyter(PROD, env))).toEqual([`FILE:10:15: dask.jupyter.env[0].name: ${message}`]);
    expect(warningsOf(withJupyter(DEV, env))).toEqual([`FILE:9:15: dask.jupyter.env[0].name: ${message}`]);
  });

  test('an error under strict: true', () => {
    expect(problemsOf(`strict: true\n${withJupyter(PROD, env)}`)).toEqual([
      `FILE:11:15: dask.jupyter.env[0].name: ${message} (strict: true makes this warning an error)`,
    ]);
  });

  test('nothing when acknowledged, strict or not', () => {
    expect(warningsOf(`strict: true\nacknowledge: [install-packages-at-start]\n${withJupyter(PROD, env)}`)).toEqual([]);
  });

  test('EXTRA_APT_PACKAGES cannot work in locked-down production pods: refused even when acknowledged', () => {
    const apt = '    env:\n      - name: EXTRA_APT_PACKAGES\n        value: vim\n';
    expect(problemsOf(`acknowledge: [install-packages-at-start]\n${withJupyter(PROD, apt)}`)).toEqual([
      'FILE:11:15: dask.jupyter.env[0].name: cannot work in production: the locked-down containers drop the capabilities apt needs (and the notebook image\'s sudo needs privilege escalation); bake the packages into your own image',
    ]);
    expect(warningsOf(withJupyter(DEV, apt))).toEqual([
      'FILE:9:15: dask.jupyter.env[0].name: EXTRA_APT_PACKAGES makes every container start install packages: slow starts, and each pod may get different versions; bake them into an image of your own; or accept it with acknowledge: [install-packages-at-start]',
    ]);
  });
});

describe('the Ingress controller namespace', () => {
  test('required in production with a Jupyter Ingress: the NetworkPolicy admits only it', () => {
    expect(problemsOf(withJupyter(PROD, '    ingress:\n      enabled: true\n'))).toEqual([
      'FILE:10:7: dask.jupyter.ingress.controllerNamespace: is required in production when the Ingress is enabled: the NetworkPolicy lets only the Ingress controller\'s pods reach Jupyter; name their namespace, e.g. ingress-nginx',
    ]);
  });

  test('not needed in dev', () => {
    expect(warningsOf(withJupyter(DEV, '    ingress:\n      enabled: true\n'))).toEqual([]);
  });
});

describe('acknowledge:', () => {
  test('a misspelt name is refused with the names allowed and a suggestion', () => {
    expect(problemsOf(`acknowledge: [public-schedular]\n${PROD}`)).toEqual([
      'FILE:1:15: acknowledge[0]: "public-schedular" is not allowed: must be one of default-jupyter-password, public-jupyter, public-scheduler, workers-without-requests, no-workload-identity, default-node-service-account, install-packages-at-start, mixed-dask-versions (did you mean public-scheduler?)',
    ]);
  });

  test('a name acknowledged twice is refused', () => {
    expect(problemsOf(`acknowledge: [public-scheduler, public-scheduler]\n${PROD}`)).toEqual([
      'FILE:1:14: acknowledge: has duplicate entries: each entry may appear once',
    ]);
  });

  test('an acknowledgement the environment does not need is a warning, so it cannot hide the hazard later', () => {
    expect(warningsOf(`acknowledge: [public-scheduler]\n${PROD}`)).toEqual([
      'FILE:1:15: acknowledge[0]: "public-scheduler" acknowledges a hazard this environment does not have (the scheduler\'s Service is a LoadBalancer open to the internet): remove it, so that the hazard is reported if it comes back',
    ]);
  });
});
