import { containerOf, renderText } from './support/render-fixtures';

describe('DaskScheduler', () => {
  const objects = renderText([
    'release: my-dask',
    'namespace: dask',
    'dask:',
    '  scheduler:',
    '    servicePort: 9786',
    '    serviceType: LoadBalancer',
    '    loadBalancerIP: 10.0.0.7',
    '    serviceAnnotations: {cloud.google.com/load-balancer-type: Internal}',
    '    extraArgs: [--preload, scheduler-setup.py]',
    '    env: [{name: DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING, value: "False"}]',
    '    nodeSelector: {pool: system}',
    '    tolerations: [{key: dedicated, operator: Equal, value: dask, effect: NoSchedule}]',
    '    serviceAccountName: scheduler-sa',
    '    readinessProbe: {httpGet: {path: /health, port: 8787}}',
    '  webUI:',
    '    servicePort: 8080',
    '    ingress: {enabled: true, hostname: dask.example.com, tls: true, ingressClassName: nginx}',
    '',
  ].join('\n'));
  const deployment = objects.get('Deployment/my-dask-scheduler')!;
  const service = objects.get('Service/my-dask-scheduler')!;

  test('runs dask-scheduler on its fixed ports, plus extraArgs', () => {
    expect(containerOf(deployment).args).toEqual(['dask-scheduler', '--port=8786', '--dashboard-address=:8787', '--preload', 'scheduler-setup.py']);
    expect(containerOf(deployment).ports.map((p: any) => p.containerPort)).toEqual([8786, 8787]);
  });

  test('exposes servicePort -> 8786 and webUI.servicePort -> 8787', () => {
    expect(service.spec.ports).toEqual([
      { name: 'my-dask-scheduler', port: 9786, protocol: 'TCP', targetPort: 8786 },
      { name: 'my-dask-webui', port: 8080, protocol: 'TCP', targetPort: 8787 },
    ]);
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.loadBalancerIP).toBe('10.0.0.7');
    expect(service.metadata.annotations).toEqual({ 'cloud.google.com/load-balancer-type': 'Internal' });
  });

  test('selects on stable app.kubernetes.io labels, matched by the Service', () => {
    const selector = { 'app.kubernetes.io/component': 'scheduler', 'app.kubernetes.io/instance': 'my-dask', 'app.kubernetes.io/name': 'dask' };
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toEqual(selector);
    expect(service.spec.selector).toEqual(selector);
  });

  test('replaces the one scheduler instead of rolling two behind one Service', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('passes pod settings through as written', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ pool: 'system' });
    expect(pod.tolerations).toEqual([{ effect: 'NoSchedule', key: 'dedicated', operator: 'Equal', value: 'dask' }]);
    expect(pod.serviceAccountName).toBe('scheduler-sa');
    expect(containerOf(deployment).env).toEqual([{ name: 'DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING', value: 'False' }]);
    expect(containerOf(deployment).readinessProbe).toEqual({ httpGet: { path: '/health', port: 8787 } });
  });

  test('adds none of the defaults cdk8s-plus would (security context, limits, pull policy Always)', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBeUndefined();
    expect(containerOf(deployment).securityContext).toBeUndefined();
    expect(containerOf(deployment).resources).toBeUndefined();
    expect(containerOf(deployment).imagePullPolicy).toBe('IfNotPresent');
  });

  test('renders the dashboard Ingress with TLS', () => {
    const ingress = objects.get('Ingress/my-dask-scheduler')!;
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'dask.example.com', http: { paths: [{ backend: { service: { name: 'my-dask-scheduler', port: { number: 8080 } } }, path: '/', pathType: 'Prefix' }] } }],
      tls: [{ hosts: ['dask.example.com'], secretName: 'my-dask-scheduler-tls' }],
    });
  });

  test('is left out when scheduler.enabled is false', () => {
    const without = renderText('namespace: a\ndask:\n  scheduler: {enabled: false}\n  worker: {custom_scheduler_url: "tcp://other:8786"}\n');
    expect([...without.keys()].filter((key) => key.includes('scheduler'))).toEqual([]);
  });
});
