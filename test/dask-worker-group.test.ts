import { containerOf, renderText } from './support/render-fixtures';

describe('DaskWorkerGroup', () => {
  const objects = renderText([
    'release: my-dask',
    'namespace: dask',
    'dask:',
    '  worker:',
    '    replicas: 4',
    '    strategy: {type: Recreate}',
    '    annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}',
    '    resources: {limits: {cpu: 1500m, memory: 4096Mi}, requests: {cpu: 1, memory: 4Gi}}',
    '    env: [{name: EXTRA_PIP_PACKAGES, value: s3fs --upgrade}]',
    '    mounts:',
    '      volumes: [{name: data, emptyDir: {}}]',
    '      volumeMounts: [{name: data, mountPath: /data}]',
    '    image: {pullSecrets: [{name: regcred}]}',
    '  additional_worker_groups:',
    '    - name: high-mem',
    '      replicas: 2',
    '      threads_per_worker: 2',
    '      resources: {limits: {memory: 32G}}',
    '      extraArgs: [--resources, MEMORY=32e9]',
    '',
  ].join('\n'));
  const main = objects.get('Deployment/my-dask-worker')!;
  const highMem = objects.get('Deployment/my-dask-worker-high-mem')!;

  test('runs dask-worker against the chart scheduler Service with whole threads and plain bytes', () => {
    expect(containerOf(main).args).toEqual([
      'dask-worker', 'my-dask-scheduler:8786', '--nthreads', '1', '--memory-limit', '4294967296', '--no-dashboard', '--dashboard-address=:8790',
    ]);
    expect(containerOf(main).ports).toEqual([{ containerPort: 8790, name: 'dashboard', protocol: 'TCP' }]);
  });

  test('a group inherits worker values it does not override', () => {
    expect(highMem.spec.replicas).toBe(2);
    expect(containerOf(highMem).env).toEqual([{ name: 'EXTRA_PIP_PACKAGES', value: 's3fs --upgrade' }]);
    expect(containerOf(highMem).args).toEqual([
      'dask-worker', 'my-dask-scheduler:8786', '--nthreads', '2', '--memory-limit', '32000000000', '--no-dashboard', '--dashboard-address=:8790',
      '--resources', 'MEMORY=32e9',
    ]);
    expect(containerOf(highMem).resources).toEqual({ limits: { cpu: '1500m', memory: '32G' }, requests: { cpu: 1, memory: '4Gi' } });
  });

  test('each group selects only its own pods', () => {
    expect(main.spec.selector.matchLabels['dask.org/workergroup-name']).toBe('default');
    expect(highMem.spec.selector.matchLabels['dask.org/workergroup-name']).toBe('high-mem');
    for (const deployment of [main, highMem]) {
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
      expect(deployment.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('worker');
    }
  });

  test('keeps empty Kubernetes objects such as emptyDir: {}', () => {
    expect(main.spec.template.spec.volumes).toEqual([{ emptyDir: {}, name: 'data' }]);
    expect(containerOf(main).volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }]);
  });

  test('passes strategy, annotations and pull secrets', () => {
    expect(main.spec.replicas).toBe(4);
    expect(main.spec.strategy).toEqual({ type: 'Recreate' });
    expect(main.spec.template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
    expect(main.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });
});
