import { renderText } from './support/render-fixtures';

describe('Monitoring', () => {
  test('renders nothing unless metrics and the monitor are both enabled', () => {
    const objects = renderText('namespace: a\ndask:\n  scheduler:\n    metrics: {enabled: true}\n');
    expect([...objects.keys()].filter((key) => key.includes('Monitor'))).toEqual([]);
  });

  test('ServiceMonitor scrapes the scheduler dashboard port of its Service', () => {
    const objects = renderText([
      'release: my-dask',
      'namespace: dask',
      'dask:',
      '  scheduler:',
      '    metrics:',
      '      enabled: true',
      '      serviceMonitor: {enabled: true, namespace: monitoring, additionalLabels: {release: prometheus}, interval: 15s}',
      '',
    ].join('\n'));
    const monitor = objects.get('ServiceMonitor/my-dask-scheduler-servicemonitor')!;
    const service = objects.get('Service/my-dask-scheduler')!;
    expect(monitor.metadata.namespace).toBe('monitoring');
    expect(monitor.metadata.labels.release).toBe('prometheus');
    expect(monitor.spec.endpoints).toEqual([{ interval: '15s', port: 'my-dask-webui' }]);
    expect(service.spec.ports.map((p: any) => p.name)).toContain('my-dask-webui');
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['dask'] });
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
  });

  test('PodMonitor scrapes every worker group on the dashboard port', () => {
    const objects = renderText([
      'namespace: dask',
      'dask:',
      '  worker:',
      '    metrics:',
      '      enabled: true',
      '      podMonitor: {enabled: true, podTargetLabels: [dask.org/workergroup-name]}',
      '  additional_worker_groups: [{name: gpu}]',
      '',
    ].join('\n'));
    const monitor = objects.get('PodMonitor/dask-worker-podmonitor')!;
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ interval: '30s', port: 'dashboard', scheme: 'http' }]);
    expect(monitor.spec.podTargetLabels).toEqual(['dask.org/workergroup-name']);
    for (const name of ['dask-worker', 'dask-worker-gpu']) {
      expect(objects.get(`Deployment/${name}`)!.spec.template.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    }
  });
});
