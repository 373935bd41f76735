// Hazards that are errors with `production: true` unless acknowledged by name, and
// warnings (or nothing) elsewhere: dev keeps the tutorial's workflow, with a word.
import { DEFAULT_JUPYTER_PASSWORD_HASH } from './defaults';
import { FieldPath } from './errors';
import { workerGroupsWithPaths } from './consistency';
import { FindingCollector } from './hazards';
import { EnvVar, Environment } from './values';

/** Installed by the official images' entrypoint (prepare.sh) at every start. */
const START_PACKAGES = ['EXTRA_CONDA_PACKAGES', 'EXTRA_PIP_PACKAGES'];
const OPEN_TO_ALL = ['0.0.0.0/0', '::/0'];

export function checkGuardrails(findings: FindingCollector, env: Environment): void {
  const severity = env.production ? 'error' : 'warning';
  const refused = env.production ? ', not allowed in production' : '';
  const { dask } = env;

  if (dask.jupyter.enabled && dask.jupyter.password === DEFAULT_JUPYTER_PASSWORD_HASH) {
    findings.hazard('default-jupyter-password', severity, ['dask', 'jupyter', 'password'],
      `is the chart's default hash, of the password "dask"${refused}: anyone who reaches Jupyter runs code in the cluster; make a hash of your own password with npm run password`);
  }

  const services = [
    { hazard: 'public-scheduler', enabled: dask.scheduler.enabled, values: dask.scheduler, path: ['dask', 'scheduler'], what: 'the scheduler, which runs any code a client sends it,' },
    { hazard: 'public-jupyter', enabled: dask.jupyter.enabled, values: dask.jupyter, path: ['dask', 'jupyter'], what: 'Jupyter' },
  ] as const;
  for (const service of services) {
    if (!service.enabled || service.values.serviceType !== 'LoadBalancer') continue;
    const ranges = service.values.loadBalancerSourceRanges ?? [];
    if (ranges.length > 0 && !ranges.some((range) => OPEN_TO_ALL.includes(range))) continue;
    const why = ranges.length === 0 ? 'without loadBalancerSourceRanges' : `with loadBalancerSourceRanges ${ranges.filter((r) => OPEN_TO_ALL.includes(r)).join(', ')}`;
    findings.hazard(service.hazard, severity, [...service.path, 'serviceType'],
      `"LoadBalancer" ${why} opens ${service.what} to the internet${refused}; use ClusterIP and kubectl port-forward (or an Ingress), or set ${service.path.join('.')}.loadBalancerSourceRanges to your clients' address ranges`);
  }

  if (env.production) {
    for (const { group, path, values } of workerGroupsWithPaths(env)) {
      const missing = (['cpu', 'memory'] as const).filter((resource) => values.resources?.requests?.[resource] === undefined && values.resources?.limits?.[resource] === undefined);
      if (missing.length === 0) continue;
      findings.hazard('workers-without-requests', 'error', [...path, 'resources'],
        `worker group "${group}" requests no ${missing.join(' and no ')}, not allowed in production: the cluster autoscaler sizes nodes by requests, so it adds none for these workers, and they are the first evicted under memory pressure; set resources.requests.${missing.join(' and resources.requests.')}`);
    }
  }

  if (env.production && dask.jupyter.enabled && dask.jupyter.ingress.enabled && !dask.jupyter.ingress.controllerNamespace) {
    findings.error(['dask', 'jupyter', 'ingress', 'controllerNamespace'],
      'is required in production when the Ingress is enabled: the NetworkPolicy lets only the Ingress controller\'s pods reach Jupyter; name their namespace, e.g. ingress-nginx');
  }

  const cluster = env.cluster;
  if (env.production && cluster) {
    if (!cluster.workloadIdentity) {
      findings.hazard('no-workload-identity', 'error', ['cluster', 'workloadIdentity'],
        'is false, not allowed in production: every pod, the scheduler included, could then use the nodes\' Google credentials; remove it (the default is true) and grant each workload its own identity');
    }
    if (!cluster.nodeServiceAccount) {
      findings.hazard('default-node-service-account', 'error', ['cluster', 'nodeServiceAccount'],
        'is not set, not allowed in production: the nodes would run as the Compute Engine default service account (which often holds roles/editor) with the cloud-platform scope; create a service account with only roles/container.defaultNodeServiceAccount and set its email here');
    }
  }

  for (const { path, env: vars } of envLists(env)) {
    (vars ?? []).forEach((entry, index) => {
      const at = [...path, index, 'name'];
      if (entry.name === 'EXTRA_APT_PACKAGES' && env.production) {
        // Not acknowledgeable: the rendered pods cannot do it.
        findings.error(at, 'cannot work in production: the locked-down containers drop the capabilities apt needs (and the notebook image\'s sudo needs privilege escalation); bake the packages into your own image');
      } else if (entry.name === 'EXTRA_APT_PACKAGES' || START_PACKAGES.includes(entry.name)) {
        findings.hazard('install-packages-at-start', 'warning', at,
          `${entry.name} makes every container start install packages: slow starts, and each pod may get different versions; bake them into an image of your own`);
      }
    });
  }
}

/** Every env: list a file sets, with its path; a worker group's own list only when it sets one. */
function envLists(env: Environment): { path: FieldPath; env: EnvVar[] | null | undefined }[] {
  const { dask } = env;
  const lists: { path: FieldPath; env: EnvVar[] | null | undefined }[] = [];
  if (dask.scheduler.enabled) lists.push({ path: ['dask', 'scheduler', 'env'], env: dask.scheduler.env });
  lists.push({ path: ['dask', 'worker', 'env'], env: dask.worker.env });
  dask.additional_worker_groups.forEach((group, index) => {
    if (group.env !== undefined) lists.push({ path: ['dask', 'additional_worker_groups', index, 'env'], env: group.env });
  });
  if (dask.jupyter.enabled) lists.push({ path: ['dask', 'jupyter', 'env'], env: dask.jupyter.env });
  return lists;
}
