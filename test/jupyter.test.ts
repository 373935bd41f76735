import { problemsOf } from './support/environment-fixtures';
import { containerOf, renderText } from './support/render-fixtures';

const HASH = 'sha1:aae8550c0a44:9507d45e087d5ee481a5ce9f4f16f37a0867318c';

describe('Jupyter', () => {
  const objects = renderText([
    'release: my-dask',
    'namespace: dask',
    'dask:',
    '  jupyter:',
    '    serviceType: LoadBalancer',
    '    env: [{name: EXTRA_CONDA_PACKAGES, value: numba xarray -c conda-forge}]',
    '    args: [start.sh, jupyter, lab]',
    '    extraConfig: c.ServerApp.shutdown_no_activity_timeout = 3600',
    '    ingress: {enabled: true, hostname: jupyter.example.com}',
    '',
  ].join('\n'));
  const deployment = objects.get('Deployment/my-dask-jupyter')!;
  const config = objects.get('ConfigMap/my-dask-jupyter-config')!;

  test('tells notebooks where the scheduler is, before the user env', () => {
    expect(containerOf(deployment).env).toEqual([
      { name: 'DASK_SCHEDULER_ADDRESS', value: 'my-dask-scheduler:8786' },
      { name: 'EXTRA_CONDA_PACKAGES', value: 'numba xarray -c conda-forge' },
    ]);
    expect(containerOf(deployment).args).toEqual(['start.sh', 'jupyter', 'lab']);
  });

  test('writes a Jupyter Server config that both server generations read', () => {
    expect(config.data['jupyter_server_config.py']).toBe([
      'c = get_config()  # noqa: F821',
      '',
      '# Jupyter Server 1.x',
      `c.ServerApp.password = '${HASH}'`,
      '# Jupyter Server 2.x',
      `c.PasswordIdentityProvider.hashed_password = '${HASH}'`,
      '',
      '# jupyter.extraConfig follows below',
      'c.ServerApp.shutdown_no_activity_timeout = 3600',
      '',
    ].join('\n'));
  });

  test('mounts the config where the image looks for system config', () => {
    expect(containerOf(deployment).volumeMounts).toEqual([{ mountPath: '/usr/local/etc/jupyter', name: 'config-volume' }]);
    expect(deployment.spec.template.spec.volumes).toEqual([{ configMap: { name: 'my-dask-jupyter-config' }, name: 'config-volume' }]);
  });

  test('restarts when the config changes', () => {
    const other = renderText('release: my-dask\nnamespace: dask\ndask:\n  jupyter:\n    extraConfig: c.ServerApp.port = 9999\n');
    const checksum = (d: any) => d.spec.template.metadata.annotations['checksum/config'];
    expect(checksum(deployment)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(other.get('Deployment/my-dask-jupyter'))).not.toBe(checksum(deployment));
  });

  test('Service maps servicePort to 8888', () => {
    expect(objects.get('Service/my-dask-jupyter')!.spec).toMatchObject({
      type: 'LoadBalancer',
      ports: [{ name: 'my-dask-jupyter', port: 80, protocol: 'TCP', targetPort: 8888 }],
    });
  });

  test('with rbac, runs as a per-release account that may scale worker Deployments', () => {
    expect(deployment.spec.template.spec.serviceAccountName).toBe('my-dask-jupyter');
    expect(objects.get('ServiceAccount/my-dask-jupyter')).toBeDefined();
    const role = objects.get('Role/my-dask-jupyter')!;
    expect(role.rules).toContainEqual({ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update', 'patch'] });
    expect(objects.get('RoleBinding/my-dask-jupyter')!.subjects).toEqual([{ kind: 'ServiceAccount', name: 'my-dask-jupyter', namespace: 'dask' }]);
  });

  test('when git owns worker replicas, the role may read workers but not scale them', () => {
    const gitOwned = renderText('namespace: dask\ngitops: {tool: argocd, repoUrl: "https://example.com/r.git", workerReplicas: git}\n');
    expect(gitOwned.get('Role/dask-jupyter')!.rules).toEqual([
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list'] },
    ]);
  });

  test('without rbac, creates no role, but still its own account for the pod, never the namespace default', () => {
    const plain = renderText('namespace: dask\ndask:\n  jupyter: {rbac: false}\n');
    expect([...plain.keys()].filter((key) => /Role/.test(key))).toEqual([]);
    expect(plain.get('ServiceAccount/dask-jupyter')).toBeDefined();
    expect(plain.get('Deployment/dask-jupyter')!.spec.template.spec.serviceAccountName).toBe('dask-jupyter');
  });

  test('without rbac, refuses the chart\'s default account name, which nothing would create', () => {
    expect(problemsOf('namespace: dask\ndask:\n  jupyter:\n    rbac: false\n    serviceAccountName: dask-jupyter\n')).toEqual([
      'FILE:5:25: dask.jupyter.serviceAccountName: "dask-jupyter" is the chart\'s default account, which only rbac: true creates; with rbac: false nothing creates it and the pod could not start. Remove serviceAccountName (the pod then runs as the dask-jupyter account synth renders), set rbac: true, or name an account that exists in the namespace',
    ]);
  });

  test('without rbac, runs as an account the environment names as existing', () => {
    const named = renderText('namespace: dask\ndask:\n  jupyter: {rbac: false, serviceAccountName: notebooks}\n');
    expect(named.get('Deployment/dask-jupyter')!.spec.template.spec.serviceAccountName).toBe('notebooks');
    // Only the scheduler's and the workers' own accounts: the named one is the user's.
    expect([...named.keys()].filter((key) => key.startsWith('ServiceAccount/')).sort()).toEqual(['ServiceAccount/dask-scheduler', 'ServiceAccount/dask-worker']);
  });

  test('with rbac, the chart\'s default name is the account rendered and used', () => {
    const chartValues = renderText('namespace: dask\ndask:\n  jupyter: {rbac: true, serviceAccountName: dask-jupyter}\n');
    expect(chartValues.get('ServiceAccount/dask-jupyter')).toBeDefined();
    expect(chartValues.get('Deployment/dask-jupyter')!.spec.template.spec.serviceAccountName).toBe('dask-jupyter');
  });

  test('renders the Jupyter Ingress without TLS when tls is false', () => {
    const ingress = objects.get('Ingress/my-dask-jupyter')!;
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.rules[0].host).toBe('jupyter.example.com');
  });

  test('points notebooks at the external scheduler the workers use', () => {
    const external = renderText('namespace: a\ndask:\n  scheduler: {enabled: false}\n  worker: {custom_scheduler_url: "tcp://shared:8786"}\n');
    expect(containerOf(external.get('Deployment/dask-jupyter')!).env[0]).toEqual({ name: 'DASK_SCHEDULER_ADDRESS', value: 'tcp://shared:8786' });
  });

  test('is left out when jupyter.enabled is false', () => {
    const without = renderText('namespace: a\ndask:\n  jupyter: {enabled: false}\n');
    expect([...without.keys()].filter((key) => key.includes('jupyter'))).toEqual([]);
  });
});
