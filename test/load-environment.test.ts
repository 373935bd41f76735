import { loadText, problemsOf } from './support/environment-fixtures';

describe('loading an environment', () => {
  test('fills in the chart defaults', () => {
    const env = loadText('namespace: dask-test\n');
    expect(env.release).toBe('dask');
    expect(env.fullname).toBe('dask');
    expect(env.production).toBe(false);
    expect(env.dask.worker.replicas).toBe(3);
    expect(env.dask.scheduler.servicePort).toBe(8786);
    expect(env.dask.worker.image.tag).toBe('2025.11.0');
    expect(env.workerGroups.map((g) => g.deploymentName)).toEqual(['dask-worker']);
  });

  test('names objects as the chart does for a release that does not contain "dask"', () => {
    expect(loadText('release: analytics\nnamespace: a\n').fullname).toBe('analytics-dask');
    expect(loadText('release: my-dask\nnamespace: a\n').fullname).toBe('my-dask');
    expect(loadText('release: x\nnamespace: a\ndask:\n  fullnameOverride: custom\n').fullname).toBe('custom');
  });

  test('merges additional worker groups over worker, as the chart does', () => {
    const env = loadText([
      'namespace: a',
      'dask:',
      '  worker:',
      '    replicas: 4',
      '    env: [{name: A, value: "1"}]',
      '    resources: {limits: {cpu: 2, memory: 4Gi}}',
      '  additional_worker_groups:',
      '    - name: high-mem',
      '      resources: {limits: {memory: 32Gi}}',
      '',
    ].join('\n'));
    const [main, highMem] = env.workerGroups;
    expect(main.deploymentName).toBe('dask-worker');
    expect(highMem.deploymentName).toBe('dask-worker-high-mem');
    expect(highMem.values.replicas).toBe(4);
    expect(highMem.values.env).toEqual([{ name: 'A', value: '1' }]);
    expect(highMem.values.resources?.limits).toEqual({ cpu: 2, memory: '32Gi' });
  });

  test('null removes a chart default, as in Helm', () => {
    const env = loadText('namespace: a\ndask:\n  worker:\n    image:\n      pullPolicy: null\n');
    expect(env.dask.worker.image.pullPolicy).toBeUndefined();
    expect(env.dask.worker.image.repository).toBe('ghcr.io/dask/dask');
  });

  test('fills in cluster and gitops defaults', () => {
    const env = loadText([
      'namespace: a',
      'cluster: {project: my-project, location: us-central1, name: c1, workerPool: {minNodes: 0, maxNodes: 3}}',
      'gitops: {tool: flux, repoUrl: "https://example.com/repo.git"}',
      '',
    ].join('\n'));
    expect(env.cluster).toMatchObject({ machineType: 'n1-standard-4', nodeCount: 2, releaseChannel: 'REGULAR', workloadIdentity: true });
    expect(env.cluster?.workerPool).toMatchObject({ name: 'dask-workers', spot: false, minNodes: 0, maxNodes: 3 });
    expect(env.gitops).toMatchObject({ branch: 'main', interval: '5m' });
  });
});

describe('refusing bad input', () => {
  // One test per message: the exact text is what a user reads.
  test('YAML syntax error', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker: [\n')[0]).toMatch(/^FILE:4:1: \(top level\): YAML syntax error: /);
  });

  test('duplicate key', () => {
    expect(problemsOf('namespace: a\nnamespace: b\n')).toEqual([
      'FILE:2:1: namespace: duplicate key "namespace" (first at line 1): each key may appear once in a mapping',
    ]);
  });

  test('duplicate key deep in the file, named by its path', () => {
    expect(problemsOf('namespace: a\ndask:\n  additional_worker_groups:\n    - name: g\n      resources:\n        limits:\n          memory: 1Gi\n          cpu: 1\n          memory: 2Gi\n')).toEqual([
      'FILE:9:11: dask.additional_worker_groups[0].resources.limits.memory: duplicate key "memory" (first at line 7): each key may appear once in a mapping',
    ]);
  });

  test('empty file', () => {
    expect(problemsOf('# nothing here\n')).toEqual([
      'FILE: (top level): the file is empty: an environment needs at least a namespace',
    ]);
  });

  test('not a mapping', () => {
    expect(problemsOf('- a\n- b\n')).toEqual([
      'FILE:1:1: (top level): the file must be a mapping of keys (release, namespace, cluster, gitops, dask)',
    ]);
  });

  test('missing namespace', () => {
    expect(problemsOf('release: dask\n')).toEqual(['FILE:1:1: (top level): missing required key "namespace"']);
  });

  test('wrong type', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    replicas: three\n')).toEqual([
      'FILE:4:15: dask.worker.replicas: "three" is not allowed: must be an integer',
    ]);
  });

  test('negative count', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    replicas: -1\n')).toEqual([
      'FILE:4:15: dask.worker.replicas: -1 is not allowed: must be >= 0',
    ]);
  });

  test('non-integer count', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    replicas: 1.5\n')).toEqual([
      'FILE:4:15: dask.worker.replicas: 1.5 is not allowed: must be an integer',
    ]);
  });

  test('unknown key, with a did-you-mean', () => {
    const [problem] = problemsOf('namespace: a\ndask:\n  worker:\n    replcas: 3\n');
    expect(problem).toMatch(/^FILE:4:5: dask\.worker\.replcas: unknown key "replcas": did you mean "replicas"\? allowed here: name, image, replicas, /);
  });

  test('unknown top-level key', () => {
    const [problem] = problemsOf('namespace: a\nnamespce: b\n');
    expect(problem).toBe('FILE:2:1: namespce: unknown key "namespce": did you mean "namespace"? allowed here: extends, release, namespace, production, acknowledge, strict, cluster, gitops, dataAccess, dask');
  });

  test('more than one scheduler', () => {
    expect(problemsOf('namespace: a\ndask:\n  scheduler:\n    replicas: 2\n')).toEqual([
      'FILE:4:15: dask.scheduler.replicas: 2 is not allowed: Dask runs exactly one scheduler per cluster, so replicas must be 0 or 1',
    ]);
  });

  test('unparseable CPU quantity', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    resources:\n      limits: {cpu: two}\n')).toEqual([
      'FILE:5:21: dask.worker.resources.limits.cpu: "two" is not a Kubernetes quantity: use forms such as 500m, 2, 4Gi, 4G or 4e9',
    ]);
  });

  test('unparseable memory quantity', () => {
    expect(problemsOf('namespace: a\ndask:\n  jupyter:\n    resources:\n      requests: {memory: 4GB}\n')).toEqual([
      'FILE:5:26: dask.jupyter.resources.requests.memory: "4GB" is not a Kubernetes quantity: use forms such as 500m, 2, 4Gi, 4G or 4e9',
    ]);
  });

  test('requests above limits', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    resources:\n      limits: {cpu: 1, memory: 1Gi}\n      requests: {cpu: 1500m, memory: 1G}\n')).toEqual([
      "FILE:6:23: dask.worker.resources.requests.cpu: 'requests.cpu' (1500m) must be less than or equal to 'limits.cpu' (1)",
    ]);
  });

  test('requests above limits in a worker group, after merging over worker', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    resources:\n      limits: {memory: 2Gi}\n  additional_worker_groups:\n    - name: big\n      resources:\n        requests: {memory: 3Gi}\n')).toEqual([
      "FILE:9:28: dask.additional_worker_groups[0].resources.requests.memory: 'requests.memory' (3Gi) must be less than or equal to 'limits.memory' (2Gi) (limit inherited from dask.worker)",
    ]);
  });

  test('unknown service type', () => {
    expect(problemsOf('namespace: a\ndask:\n  jupyter:\n    serviceType: LoadBalancr\n')).toEqual([
      'FILE:4:18: dask.jupyter.serviceType: "LoadBalancr" is not allowed: must be one of ClusterIP, NodePort, LoadBalancer (did you mean LoadBalancer?)',
    ]);
  });

  test('unknown pull policy', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    image: {pullPolicy: Sometimes}\n')).toEqual([
      'FILE:4:25: dask.worker.image.pullPolicy: "Sometimes" is not allowed: must be one of Always, IfNotPresent, Never',
    ]);
  });

  test('a Jupyter password that is not a hash, without echoing it', () => {
    const problems = problemsOf('namespace: a\ndask:\n  jupyter:\n    password: hunter2\n');
    expect(problems).toEqual([
      'FILE:4:15: dask.jupyter.password: is not a password hash (argon2:... or sha1:...); make one with: npm run --silent password',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  test('a password of the wrong type is not echoed either', () => {
    expect(problemsOf('namespace: a\ndask:\n  jupyter:\n    password: 123456\n')).toEqual([
      'FILE:4:15: dask.jupyter.password: "(hidden)" is not allowed: must be a string',
    ]);
  });

  test('an image tag that YAML read as a number', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    image:\n      tag: 2025.10\n')).toEqual([
      'FILE:5:12: dask.worker.image.tag: YAML read 2025.10 as the number 2025.1; quote it to keep it a string: "2025.10"',
    ]);
  });

  test('an env var without a name', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    env:\n      - value: numba\n')).toEqual([
      'FILE:5:9: dask.worker.env[0]: missing required key "name"',
    ]);
  });

  test('an env var value that is not a string', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    env:\n      - {name: N, value: 3}\n')).toEqual([
      'FILE:5:26: dask.worker.env[0].value: 3 is not allowed: must be a string',
    ]);
  });

  test('a worker group without a name', () => {
    expect(problemsOf('namespace: a\ndask:\n  additional_worker_groups:\n    - replicas: 2\n')).toEqual([
      'FILE:4:7: dask.additional_worker_groups[0]: missing required key "name"',
    ]);
  });

  test('worker groups with the same name', () => {
    expect(problemsOf('namespace: a\ndask:\n  additional_worker_groups:\n    - name: gpu\n    - name: gpu\n')).toEqual([
      'FILE:5:13: dask.additional_worker_groups[1].name: "gpu" is not allowed: additional_worker_groups[0] has the same name, and each group becomes its own Deployment',
    ]);
  });

  test('a worker group named default', () => {
    expect(problemsOf('namespace: a\ndask:\n  additional_worker_groups:\n    - name: default\n')).toEqual([
      'FILE:4:13: dask.additional_worker_groups[0].name: "default" is not allowed: it names the main `worker` group',
    ]);
  });

  test('an invalid namespace', () => {
    expect(problemsOf('namespace: Dask_Dev\n')).toEqual([
      'FILE:1:12: namespace: "Dask_Dev" is not allowed: must be a DNS label: lowercase letters, digits and "-", not starting or ending with "-"',
    ]);
  });

  test('an invalid release name', () => {
    expect(problemsOf('release: 1dask\nnamespace: a\n')).toEqual([
      'FILE:1:10: release: "1dask" is not allowed: must be lowercase letters, digits and "-", starting with a letter and not ending with "-"',
    ]);
  });

  test('a release so long that object names pass 63 characters', () => {
    const release = `d${'a'.repeat(50)}`;
    expect(problemsOf(`release: ${release}\nnamespace: a\n`)).toEqual([
      `FILE:1:10: release: object name "${release}-dask-scheduler" would be 66 characters; Kubernetes allows 63: shorten release`,
    ]);
  });

  test('a fullnameOverride so long that object names pass 63 characters is blamed, once', () => {
    const name = `d${'a'.repeat(55)}`;
    expect(problemsOf(`namespace: a\ndask:\n  fullnameOverride: ${name}\n`)).toEqual([
      `FILE:3:21: dask.fullnameOverride: object name "${name}-scheduler" would be 66 characters; Kubernetes allows 63: shorten dask.fullnameOverride`,
    ]);
  });

  test('a bad quantity in worker is reported once, at worker, not again at each group', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    resources: {limits: {cpu: 1x}}\n  additional_worker_groups: [{name: a}, {name: b, resources: {limits: {memory: 1Gi}}}]\n')).toEqual([
      'FILE:4:31: dask.worker.resources.limits.cpu: "1x" is not a Kubernetes quantity: use forms such as 500m, 2, 4Gi, 4G or 4e9',
    ]);
  });

  test('more than one Jupyter', () => {
    expect(problemsOf('namespace: a\ndask:\n  jupyter:\n    replicas: 2\n')).toEqual([
      'FILE:4:15: dask.jupyter.replicas: 2 is not allowed: notebooks live in one Jupyter server, so replicas must be 0 or 1',
    ]);
  });

  test('an scp-style Git URL that Flux would reject', () => {
    expect(problemsOf('namespace: a\ngitops: {tool: flux, repoUrl: "git@github.com:org/repo.git"}\n')).toEqual([
      'FILE:2:31: gitops.repoUrl: "git@github.com:org/repo.git" is not allowed with tool flux: Flux takes ssh:// URLs, here ssh://git@github.com/org/repo.git',
    ]);
  });

  test('a monitor in another namespace, which Flux\'s targetNamespace would move', () => {
    expect(problemsOf('namespace: a\ngitops: {tool: flux, repoUrl: "https://example.com/r.git"}\ndask:\n  scheduler:\n    metrics: {enabled: true, serviceMonitor: {enabled: true, namespace: monitoring}}\n')).toEqual([
      'FILE:5:73: dask.scheduler.metrics.serviceMonitor.namespace: "monitoring" is not allowed with tool flux: its Kustomization sets targetNamespace a, which moves every namespaced object there; leave it empty, or deliver with argocd',
    ]);
  });

  test('a port out of range', () => {
    expect(problemsOf('namespace: a\ndask:\n  scheduler:\n    servicePort: 70000\n')).toEqual([
      'FILE:4:18: dask.scheduler.servicePort: 70000 is not allowed: must be <= 65535',
    ]);
  });

  test('a worker port that is not a port or a range', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    port: "9000-9100"\n')).toEqual([
      'FILE:4:11: dask.worker.port: "9000-9100" is not allowed: must be a port (1-65535) or a range such as 9000:9100',
    ]);
  });

  test('an environment file name that is not a DNS label', () => {
    expect(problemsOf('namespace: a\n', 'Dev_Env')).toEqual([
      'FILE: (top level): the file name "Dev_Env" names the environment and its dist/ folder: it must be a DNS label and not gitops, bootstrap',
    ]);
  });

  test.each(['gitops', 'bootstrap'])('an environment named %s, a folder dist/ already uses', (name) => {
    expect(problemsOf('namespace: a\n', name)).toEqual([
      `FILE: (top level): the file name "${name}" names the environment and its dist/ folder: it must be a DNS label and not gitops, bootstrap`,
    ]);
  });

  test('bad cluster values are refused before any cloud call', () => {
    expect(problemsOf('namespace: a\ncluster: {project: my-project, location: central, name: c, nodeCount: 0, releaseChannel: FAST}\n')).toEqual([
      'FILE:2:42: cluster.location: "central" is not allowed: must be a GKE zone such as us-central1-a or a region such as us-central1',
      'FILE:2:71: cluster.nodeCount: 0 is not allowed: must be >= 1',
      'FILE:2:90: cluster.releaseChannel: "FAST" is not allowed: must be one of RAPID, REGULAR, STABLE, EXTENDED',
    ]);
  });

  test('a worker pool whose minimum exceeds its maximum', () => {
    expect(problemsOf('namespace: a\ncluster:\n  project: my-project\n  location: us-central1\n  name: c\n  workerPool: {minNodes: 5, maxNodes: 3}\n')).toEqual([
      "FILE:6:26: cluster.workerPool.minNodes: 'minNodes' (5) must be less than or equal to 'maxNodes' (3)",
    ]);
  });

  test('a disabled scheduler with workers that have nowhere to connect', () => {
    expect(problemsOf('namespace: a\ndask:\n  scheduler:\n    enabled: false\n')).toEqual([
      'FILE:4:14: dask.scheduler.enabled: is false, so workers need a custom_scheduler_url, and worker group "default" has none',
    ]);
  });

  test('reports every problem in the file at once', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    replicas: -2\n  jupyter:\n    servicePort: 0\n')).toHaveLength(2);
  });
});

describe('YAML resource exhaustion', () => {
  // A "billion laughs": each level repeats the one before it ten times.
  const ALIAS_BOMB = [
    'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
    ...['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name, i) => {
      const previous = 'abcdefgh'[i];
      return `${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`;
    }),
    'namespace: a',
    '',
  ].join('\n');

  test('an alias bomb is refused, naming the file, instead of expanding or crashing', () => {
    expect(problemsOf(ALIAS_BOMB)).toEqual([
      'FILE: (top level): YAML aliases (*name) expand past 100 copies, as a resource-exhaustion "alias bomb" does: write the values out instead of nesting aliases',
    ]);
  });

  test('a few aliases are still fine', () => {
    const env = loadText('namespace: a\ndask:\n  worker:\n    env: &env [{name: A, value: "1"}]\n  jupyter:\n    env: *env\n');
    expect(env.dask.jupyter.env).toEqual([{ name: 'A', value: '1' }]);
  });
});

describe('namespaces that belong to someone else', () => {
  test.each([
    ['default', 'Kubernetes (the namespace of everything that names none)'],
    ['kube-system', 'Kubernetes (the kube- prefix: kube-system, kube-public, kube-node-lease)'],
    ['kube-anything', 'Kubernetes (the kube- prefix: kube-system, kube-public, kube-node-lease)'],
    ['gke-managed-system', 'GKE (gke-managed-system, gke-gmp-system, gke-managed-cim, gke-connect, ...)'],
    ['gmp-public', 'Google Cloud Managed Service for Prometheus (gmp-system, gmp-public)'],
    ['flux-system', 'Flux'],
    ['argocd', 'Argo CD'],
    ['config-management-system', 'Config Sync'],
    ['cert-manager', 'cert-manager'],
  ])('%s is refused', (namespace, owner) => {
    expect(problemsOf(`namespace: ${namespace}\n`, 'dev')).toEqual([
      `FILE:1:12: namespace: "${namespace}" is not allowed: it belongs to ${owner}; this environment renders its Namespace and prunes what it applied, so removing the environment would delete that namespace with everything in it: use a namespace of its own, such as dask-dev`,
    ]);
  });

  test('names that only resemble them are fine', () => {
    expect(loadText('namespace: dask-kube-system\n').namespace).toBe('dask-kube-system');
    expect(loadText('namespace: defaults\n').namespace).toBe('defaults');
  });
});

describe("Kubernetes' own rules, at the line the user wrote", () => {
  test('a misspelt resource name, with a did-you-mean, instead of a silently default --memory-limit', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    resources:\n      limits: {memroy: 3G}\n')).toEqual([
      'FILE:5:16: dask.worker.resources.limits.memroy: unknown resource "memroy": did you mean "memory"? must be cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu',
    ]);
  });

  test('resource names Kubernetes accepts', () => {
    const env = loadText([
      'namespace: a',
      'dask:',
      '  worker:',
      '    resources:',
      '      limits: {cpu: 2, memory: 4Gi, ephemeral-storage: 10Gi, hugepages-2Mi: 1Gi, nvidia.com/gpu: 1}',
      '      requests: {cpu: 1, memory: 4Gi, nvidia.com/gpu: 1}',
      '',
    ].join('\n'));
    expect(Object.keys(env.dask.worker.resources?.limits ?? {})).toHaveLength(5);
  });

  test('resource names Kubernetes refuses', () => {
    expect(problemsOf('namespace: a\ndask:\n  scheduler:\n    resources:\n      limits: {hugepages-big: 1Gi, kubernetes.io/gpu: 1, a/b/c: 1}\n')).toEqual([
      'FILE:5:16: dask.scheduler.resources.limits.hugepages-big: unknown resource "hugepages-big": a hugepages resource names its page size, as in hugepages-2Mi or hugepages-1Gi',
      'FILE:5:36: dask.scheduler.resources.limits["kubernetes.io/gpu"]: unknown resource "kubernetes.io/gpu": names under kubernetes.io/ are Kubernetes\' own; an extended resource needs another domain, such as nvidia.com/gpu',
      'FILE:5:58: dask.scheduler.resources.limits["a/b/c"]: unknown resource "a/b/c": an extended resource name must be domain/name: may hold one "/" (an optional DNS prefix, as in example.com/name), not 2',
    ]);
  });

  test('an extended resource whose request differs from its limit, or has none', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    resources:\n      limits: {nvidia.com/gpu: 1}\n      requests: {nvidia.com/gpu: 2, example.com/fpga: 1}\n')).toEqual([
      "FILE:6:34: dask.worker.resources.requests[\"nvidia.com/gpu\"]: 'requests.nvidia.com/gpu' (2) must equal 'limits.nvidia.com/gpu' (1): Kubernetes does not overcommit nvidia.com/gpu",
      "FILE:6:55: dask.worker.resources.requests[\"example.com/fpga\"]: 'requests.example.com/fpga' needs 'limits.example.com/fpga' set to the same value: Kubernetes does not overcommit example.com/fpga",
    ]);
  });

  test.each([
    ['dask.worker.replicas', 'dask:\n  worker:\n    replicas: 99999999999\n', 'FILE:4:15'],
    ['cluster.nodeCount', 'cluster: {project: my-project, location: us-central1, name: c, nodeCount: 3000000000}\n', 'FILE:2:75'],
  ])('%s beyond a 32-bit integer', (field, text, at) => {
    const value = /(\d{10,})/.exec(text)![1];
    expect(problemsOf(`namespace: a\n${text}`)).toEqual([
      `${at}: ${field}: ${value} is not allowed: must be <= 2147483647 (Kubernetes and GKE store it as a 32-bit integer)`,
    ]);
  });

  test('an Ingress hostname written as a URL, with what to write instead', () => {
    expect(problemsOf('namespace: a\ndask:\n  jupyter:\n    ingress: {enabled: true, hostname: "https://jupyter.example.com/"}\n')).toEqual([
      'FILE:4:40: dask.jupyter.ingress.hostname: "https://jupyter.example.com/" is not allowed: must be a host name only, without scheme, port or path: write jupyter.example.com',
    ]);
  });

  test('Ingress hostnames that are not DNS names', () => {
    expect(problemsOf('namespace: a\ndask:\n  webUI:\n    ingress: {enabled: true, hostname: Dask_UI.example.com}\n  jupyter:\n    ingress: {enabled: true, hostname: 10.0.0.1}\n')).toEqual([
      'FILE:4:40: dask.webUI.ingress.hostname: "Dask_UI.example.com" is not allowed: must be a DNS host name such as jupyter.example.com (or *.example.com): must be lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
      'FILE:6:40: dask.jupyter.ingress.hostname: "10.0.0.1" is not allowed: must be a DNS name, not an IP address',
    ]);
  });

  test('a wildcard Ingress host is fine', () => {
    expect(loadText('namespace: a\ndask:\n  jupyter:\n    ingress: {enabled: true, hostname: "*.example.com"}\n').dask.jupyter.ingress.hostname).toBe('*.example.com');
  });

  test('nodeSelector label keys and values', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    nodeSelector: {"cloud.google.com/gke-nodepool": "dask workers", "-bad": x}\n')).toEqual([
      'FILE:4:53: dask.worker.nodeSelector["cloud.google.com/gke-nodepool"]: "dask workers" is not allowed: a label value must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
      'FILE:4:69: dask.worker.nodeSelector["-bad"]: label key "-bad" is not allowed: the name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
    ]);
  });

  test('monitor labels and annotation keys', () => {
    expect(problemsOf([
      'namespace: a',
      'dask:',
      '  scheduler:',
      '    serviceAnnotations: {"Example.COM/ok": x, "example.com/": y}',
      '    metrics: {serviceMonitor: {additionalLabels: {release: "kube prometheus"}}}',
      '  additional_worker_groups:',
      '    - name: g',
      '      annotations: {"has space": x}',
      '',
    ].join('\n'))).toEqual([
      'FILE:4:47: dask.scheduler.serviceAnnotations["example.com/"]: annotation key "example.com/" is not allowed: the name must not be empty',
      'FILE:5:60: dask.scheduler.metrics.serviceMonitor.additionalLabels.release: "kube prometheus" is not allowed: a label value must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
      'FILE:8:21: dask.additional_worker_groups[0].annotations["has space"]: annotation key "has space" is not allowed: the name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
    ]);
  });
});

describe('annotation keys kustomize cannot build', () => {
  test('a Service or Ingress annotation key YAML reads as a number, bool, null or date is refused, with a key to use instead', () => {
    expect(problemsOf([
      'namespace: a',
      'dask:',
      '  scheduler:',
      '    serviceAnnotations: {"99": x, "true": y, "example.com/99": z, "yes": w}',
      '  jupyter:',
      '    ingress: {enabled: true, hostname: jupyter.example.com, annotations: {"2001-1-2": x}}',
      '  worker:',
      '    annotations: {"99": pods-only}',
      '',
    ].join('\n'))).toEqual([
      'FILE:4:26: dask.scheduler.serviceAnnotations["99"]: annotation key "99" is not allowed: YAML reads it as a number, bool, null or date, and kustomize, which Flux and Argo CD build dist/ with, drops its quotes and fails the build; use a prefixed key such as example.com/99',
      'FILE:4:35: dask.scheduler.serviceAnnotations.true: annotation key "true" is not allowed: YAML reads it as a number, bool, null or date, and kustomize, which Flux and Argo CD build dist/ with, drops its quotes and fails the build; use a prefixed key such as example.com/true',
      'FILE:6:75: dask.jupyter.ingress.annotations["2001-1-2"]: annotation key "2001-1-2" is not allowed: YAML reads it as a number, bool, null or date, and kustomize, which Flux and Argo CD build dist/ with, drops its quotes and fails the build; use a prefixed key such as example.com/2001-1-2',
    ]);
  });
});

describe('names of other objects and label names, as the API server takes them', () => {
  test('a ServiceAccount, Secret or IngressClass name that is not a DNS subdomain', () => {
    expect(problemsOf([
      'namespace: a',
      'dask:',
      '  scheduler: {serviceAccountName: Dask_Scheduler}',
      '  jupyter:',
      '    ingress: {enabled: true, hostname: jupyter.example.com, tls: true, secretName: "jupyter tls", ingressClassName: GCE}',
      '',
    ].join('\n'))).toEqual([
      'FILE:3:35: dask.scheduler.serviceAccountName: "Dask_Scheduler" is not allowed: a ServiceAccount name must be lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
      'FILE:5:84: dask.jupyter.ingress.secretName: "jupyter tls" is not allowed: a Secret name must be lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
      'FILE:5:117: dask.jupyter.ingress.ingressClassName: "GCE" is not allowed: an IngressClass name must be lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
    ]);
  });

  test('monitor target labels that are not label keys', () => {
    expect(problemsOf('namespace: a\ndask:\n  worker:\n    metrics: {podMonitor: {podTargetLabels: [app.kubernetes.io/name, "team name"]}}\n')).toEqual([
      'FILE:4:70: dask.worker.metrics.podMonitor.podTargetLabels[1]: label key "team name" is not allowed: the name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
    ]);
  });
});
