import { ValueSource } from './environment-file';
import { FieldPath, Problem, showValue } from './errors';
import { parseMember } from './iam-members';
import { ANNOTATIONS_MAX_BYTES, containerResourceNameProblem, DNS_LABEL, dnsSubdomainProblem, ingressHostProblem, isOvercommitAllowed, labelValueProblem, qualifiedNameProblem } from './kubernetes-names';
import { goYamlV3ReadsAsNonString } from '../manifest-yaml';
import { isJupyterPasswordHash } from './password-hash';
import { compareQuantities, isQuantity, parseBytes } from './quantities';
import { controllerRelease, DEFAULT_CONTROLLER_VERSION, releasesOf } from '../gitops/controller-versions';
import { DaskValues, Environment, Resources } from './values';

const MAX_NAME = 63;

/** The account the chart's values.yaml names for Jupyter; the chart creates it only with rbac: true. */
export const CHART_JUPYTER_ACCOUNT = 'dask-jupyter';

/**
 * Namespaces that another owner creates and manages. An environment renders its
 * Namespace and its controller prunes what it applied, so taking one of these
 * would mix our objects into theirs, and removing the environment would delete
 * the namespace with everything in it.
 */
const RESERVED_NAMESPACES: readonly (readonly [RegExp, string])[] = [
  [/^default$/, 'Kubernetes (the namespace of everything that names none)'],
  // https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/: "Avoid creating namespaces with the prefix kube-".
  [/^kube-/, 'Kubernetes (the kube- prefix: kube-system, kube-public, kube-node-lease)'],
  [/^gke-/, 'GKE (gke-managed-system, gke-gmp-system, gke-managed-cim, gke-connect, ...)'],
  [/^gmp-/, 'Google Cloud Managed Service for Prometheus (gmp-system, gmp-public)'],
  [/^(config-management-system|config-management-monitoring|resource-group-system)$/, 'Config Sync'],
  [/^cnrm-system$/, 'Config Connector'],
  [/^gatekeeper-system$/, 'Policy Controller (Gatekeeper)'],
  [/^(istio-system|asm-system)$/, 'Cloud Service Mesh (Istio)'],
  [/^flux-system$/, 'Flux'],
  [/^argocd$/, 'Argo CD'],
  [/^cert-manager$/, 'cert-manager'],
];

/** The owner of a reserved namespace, or undefined. */
export function reservedNamespaceOwner(namespace: string): string | undefined {
  return RESERVED_NAMESPACES.find(([pattern]) => pattern.test(namespace))?.[1];
}

/** The chart's `dask.fullname`: the release, or release-name unless the release already contains it. */
export function fullnameOf(release: string, dask: Pick<DaskValues, 'nameOverride' | 'fullnameOverride'>): string {
  if (dask.fullnameOverride) return trimName(dask.fullnameOverride);
  const name = dask.nameOverride || 'dask';
  return trimName(release.includes(name) ? release : `${release}-${name}`);
}

function trimName(name: string): string {
  return name.slice(0, MAX_NAME).replace(/-+$/, '');
}

/** Rules the schema cannot say: cross-field limits, quantities, names, password hashes. */
export function checkEnvironment(source: ValueSource, env: Environment): Problem[] {
  const problems: Problem[] = [];
  const at = (path: FieldPath, message: string, key = false) => problems.push(source.problem(path, message, { key }));
  const dask = env.dask;

  const owner = reservedNamespaceOwner(env.namespace);
  if (owner !== undefined) {
    at(['namespace'], `${showValue(env.namespace)} is not allowed: it belongs to ${owner}; this environment renders its Namespace and prunes what it applied, so removing the environment would delete that namespace with everything in it: use a namespace of its own, such as dask-${env.name}`);
  }

  for (const key of ['nameOverride', 'fullnameOverride'] as const) {
    const value = dask[key];
    if (value && !DNS_LABEL.test(value)) at(['dask', key], `${showValue(value)} is not allowed: must be a DNS label (lowercase letters, digits and "-")`);
  }
  // `-scheduler` is the longest suffix a Service name gets; one message is enough.
  const longest = `${env.fullname}-scheduler`;
  if (longest.length > MAX_NAME) {
    const culprit = dask.fullnameOverride ? 'dask.fullnameOverride' : 'release';
    at(dask.fullnameOverride ? ['dask', 'fullnameOverride'] : ['release'], `object name "${longest}" would be ${longest.length} characters; Kubernetes allows ${MAX_NAME}: shorten ${culprit}`);
  }

  if (dask.scheduler.replicas > 1) {
    at(['dask', 'scheduler', 'replicas'], `${dask.scheduler.replicas} is not allowed: Dask runs exactly one scheduler per cluster, so replicas must be 0 or 1`);
  }
  if (dask.jupyter.replicas > 1) {
    at(['dask', 'jupyter', 'replicas'], `${dask.jupyter.replicas} is not allowed: notebooks live in one Jupyter server, so replicas must be 0 or 1`);
  }
  if (!dask.scheduler.enabled) {
    for (const group of env.workerGroups.filter((g) => !g.values.custom_scheduler_url)) {
      at(['dask', 'scheduler', 'enabled'], `is false, so workers need a custom_scheduler_url, and worker group "${group.group}" has none`);
    }
  }
  for (const component of ['scheduler', 'jupyter', 'worker'] as const) {
    const path = ['dask', component, 'resources'];
    checkQuantities(at, path, dask[component].resources);
    checkRequestsWithinLimits(at, path, dask[component].resources);
    checkLabels(at, ['dask', component, 'nodeSelector'], dask[component].nodeSelector);
  }
  checkAnnotations(at, ['dask', 'worker', 'annotations'], dask.worker.annotations);
  checkAnnotations(at, ['dask', 'scheduler', 'serviceAnnotations'], dask.scheduler.serviceAnnotations, { objectMetadata: true });
  checkLabels(at, ['dask', 'scheduler', 'metrics', 'serviceMonitor', 'additionalLabels'], dask.scheduler.metrics.serviceMonitor.additionalLabels);
  checkLabels(at, ['dask', 'worker', 'metrics', 'podMonitor', 'additionalLabels'], dask.worker.metrics.podMonitor.additionalLabels);
  checkLabelKeys(at, ['dask', 'scheduler', 'metrics', 'serviceMonitor', 'targetLabels'], dask.scheduler.metrics.serviceMonitor.targetLabels);
  checkLabelKeys(at, ['dask', 'worker', 'metrics', 'podMonitor', 'podTargetLabels'], dask.worker.metrics.podMonitor.podTargetLabels);
  for (const component of ['scheduler', 'jupyter', 'worker'] as const) {
    checkObjectName(at, ['dask', component, 'serviceAccountName'], dask[component].serviceAccountName, 'a ServiceAccount name');
  }
  checkDefaultResources(at, ['dask', 'worker', 'default_resources'], dask.worker.default_resources);
  checkWorkerPort(at, ['dask', 'worker', 'port'], dask.worker.port);

  const seen = new Map<string, number>();
  (dask.additional_worker_groups ?? []).forEach((group, index) => {
    const path = ['dask', 'additional_worker_groups', index];
    const name = group.name as string;
    if (name === 'default') at([...path, 'name'], '"default" is not allowed: it names the main `worker` group');
    const previous = seen.get(name);
    if (previous !== undefined) at([...path, 'name'], `${showValue(name)} is not allowed: additional_worker_groups[${previous}] has the same name, and each group becomes its own Deployment`);
    seen.set(name, index);
    const deployment = `${env.fullname}-worker-${name}`;
    if (deployment.length > MAX_NAME) at([...path, 'name'], `Deployment name "${deployment}" would be ${deployment.length} characters; Kubernetes allows ${MAX_NAME}`);
    const merged = env.workerGroups[index + 1].values;
    // Quantities the group inherits were checked at dask.worker; only the comparison uses them.
    checkQuantities(at, [...path, 'resources'], group.resources);
    checkRequestsWithinLimits(at, [...path, 'resources'], merged.resources, group.resources ?? {});
    if (group.default_resources) checkDefaultResources(at, [...path, 'default_resources'], merged.default_resources);
    checkWorkerPort(at, [...path, 'port'], group.port);
    checkLabels(at, [...path, 'nodeSelector'], group.nodeSelector);
    checkAnnotations(at, [...path, 'annotations'], group.annotations);
    checkObjectName(at, [...path, 'serviceAccountName'], group.serviceAccountName, 'a ServiceAccount name');
  });

  checkGroupAdmins(at, env);
  checkDataAccess(at, env);

  if (dask.jupyter.enabled && !isJupyterPasswordHash(dask.jupyter.password)) {
    // Never echo the value: it may be a clear password typed by mistake.
    at(['dask', 'jupyter', 'password'], 'is not a password hash (argon2:... or sha1:...); make one with: npm run --silent password');
  }
  for (const [path, ingress] of [[['dask', 'webUI', 'ingress'], dask.webUI.ingress], [['dask', 'jupyter', 'ingress'], dask.jupyter.ingress]] as const) {
    if (ingress.enabled && ingress.tls && !ingress.hostname) at([...path, 'hostname'], 'is required when tls is true: the certificate is issued for this host');
    const hostProblem = ingress.enabled && ingress.hostname ? ingressHostProblem(ingress.hostname) : undefined;
    if (hostProblem) at([...path, 'hostname'], `${showValue(ingress.hostname)} is not allowed: ${hostProblem}`);
    checkAnnotations(at, [...path, 'annotations'], ingress.annotations, { objectMetadata: true });
    checkObjectName(at, [...path, 'secretName'], ingress.secretName, 'a Secret name');
    checkObjectName(at, [...path, 'ingressClassName'], ingress.ingressClassName, 'an IngressClass name');
  }

  if (env.gitops?.workerReplicas === 'notebook' && !(dask.jupyter.enabled && dask.jupyter.rbac)) {
    at(['gitops', 'workerReplicas'], '"notebook" needs notebook scaling: dask.jupyter.enabled and dask.jupyter.rbac must both be true');
  }
  if (env.gitops?.tool === 'flux') checkFluxDelivery(env, at);
  const version = env.gitops?.controllerVersion;
  if (env.gitops && version !== undefined && controllerRelease(env.gitops.tool, version) === undefined) {
    const vendored = releasesOf(env.gitops.tool).map((release) => release.version).join(', ');
    at(['gitops', 'controllerVersion'], `${showValue(version)} is not allowed for tool ${env.gitops.tool}: the releases whose CRDs are vendored are ${vendored} (default ${DEFAULT_CONTROLLER_VERSION[env.gitops.tool]}); to pin another, vendor its CRDs under charts/validate/crds/ and add it to charts/gitops/controller-versions.ts`);
  }
  if (!dask.jupyter.rbac && dask.jupyter.serviceAccountName === CHART_JUPYTER_ACCOUNT) {
    at(['dask', 'jupyter', 'serviceAccountName'], `${showValue(CHART_JUPYTER_ACCOUNT)} is the chart's default account, which only rbac: true creates; with rbac: false nothing creates it and the pod could not start. Remove serviceAccountName (the pod then runs as the ${env.fullname}-jupyter account synth renders), set rbac: true, or name an account that exists in the namespace`);
  }
  const pool = env.cluster?.workerPool;
  if (pool && pool.minNodes > pool.maxNodes) {
    at(['cluster', 'workerPool', 'minNodes'], `'minNodes' (${pool.minNodes}) must be less than or equal to 'maxNodes' (${pool.maxNodes})`);
  }
  return problems;
}

type At = (path: FieldPath, message: string, key?: boolean) => void;

function checkQuantities(at: At, path: FieldPath, resources: Resources | null | undefined): void {
  for (const kind of ['limits', 'requests'] as const) {
    for (const [resource, value] of Object.entries(resources?.[kind] ?? {})) {
      const nameProblem = containerResourceNameProblem(resource);
      if (nameProblem) {
        const hint = nameProblem.suggestion ? `did you mean "${nameProblem.suggestion}"? ` : '';
        at([...path, kind, resource], `unknown resource "${resource}": ${hint}${nameProblem.message}`, true);
      } else if (!isQuantity(value)) {
        at([...path, kind, resource], `${showValue(value)} is not a Kubernetes quantity: use forms such as 500m, 2, 4Gi, 4G or 4e9`);
      }
    }
  }
}

/**
 * Each request must fit its limit. For a worker group, `merged` is the group over
 * dask.worker and `own` what the group itself sets: a pair the group does not touch
 * was judged at dask.worker, and the message says which side was inherited.
 */
function checkRequestsWithinLimits(at: At, path: FieldPath, merged: Resources | null | undefined, own?: Resources): void {
  for (const [resource, request] of Object.entries(merged?.requests ?? {})) {
    const limit = merged?.limits?.[resource];
    if (!isOvercommitAllowed(resource) && !containerResourceNameProblem(resource)) {
      // Devices and huge pages cannot be shared: the API server wants the limit, equal to the request.
      const setsEither = own === undefined || own.requests?.[resource] !== undefined || own.limits?.[resource] !== undefined;
      if (setsEither && limit === undefined) at([...path, 'requests', resource], `'requests.${resource}' needs 'limits.${resource}' set to the same value: Kubernetes does not overcommit ${resource}`);
      else if (setsEither && isQuantity(limit) && isQuantity(request) && compareQuantities(request, limit!) !== 0) {
        at([...path, 'requests', resource], `'requests.${resource}' (${request}) must equal 'limits.${resource}' (${limit}): Kubernetes does not overcommit ${resource}`);
      }
      continue;
    }
    if (limit === undefined || !isQuantity(limit) || !isQuantity(request)) continue;
    const setsRequest = own === undefined || own.requests?.[resource] !== undefined;
    const setsLimit = own === undefined || own.limits?.[resource] !== undefined;
    if ((!setsRequest && !setsLimit) || compareQuantities(request, limit) <= 0) continue;
    const inherited = setsRequest && setsLimit ? '' : ` (${setsRequest ? 'limit' : 'request'} inherited from dask.worker)`;
    at([...path, setsRequest ? 'requests' : 'limits', resource], `'requests.${resource}' (${request}) must be less than or equal to 'limits.${resource}' (${limit})${inherited}`);
  }
}

/** Label keys and values, as nodeSelector and monitor labels take them (ValidateLabels). */
function checkLabels(at: At, path: FieldPath, labels: Record<string, string> | null | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) at([...path, key], `label key ${showValue(key)} is not allowed: ${keyProblem}`, true);
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (valueProblem) at([...path, key], `${showValue(value)} is not allowed: ${valueProblem}`);
  }
}

/** Label names a monitor copies onto its metrics: label keys. */
function checkLabelKeys(at: At, path: FieldPath, keys: readonly string[] | null | undefined): void {
  (keys ?? []).forEach((key, index) => {
    const problem = qualifiedNameProblem(key);
    if (problem) at([...path, index], `label key ${showValue(key)} is not allowed: ${problem}`);
  });
}

/** The name of another object (ServiceAccount, Secret, IngressClass): a DNS-1123 subdomain, as the API server names them. */
function checkObjectName(at: At, path: FieldPath, name: string | null | undefined, what: string): void {
  const problem = name ? dnsSubdomainProblem(name) : undefined;
  if (problem) at(path, `${showValue(name)} is not allowed: ${what} ${problem}`);
}

/**
 * Annotation keys (ValidateAnnotations checks the key lowercased) and their total size. An
 * object's own annotations (`objectMetadata`, not a pod template's) are rewritten by kustomize,
 * which loses a key's quotes there: a key YAML reads as a number, bool, null or date fails the
 * build that Flux and Argo CD run (kustomize 5.5: "json: unsupported type").
 */
function checkAnnotations(at: At, path: FieldPath, annotations: Record<string, string> | null | undefined, options: { objectMetadata?: boolean } = {}): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) {
      at([...path, key], `annotation key ${showValue(key)} is not allowed: ${problem}`, true);
    } else if (options.objectMetadata && goYamlV3ReadsAsNonString(key)) {
      at([...path, key], `annotation key ${showValue(key)} is not allowed: YAML reads it as a number, bool, null or date, and kustomize, which Flux and Argo CD build dist/ with, drops its quotes and fails the build; use a prefixed key such as example.com/${key}`, true);
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(String(value ?? ''));
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) at(path, `hold ${bytes} bytes; Kubernetes allows at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations per object`);
}

function checkDefaultResources(at: At, path: FieldPath, defaults: { cpu: string | number; memory: string | number }): void {
  if (!isQuantity(defaults.cpu)) at([...path, 'cpu'], `${showValue(defaults.cpu)} is not a CPU quantity: use forms such as 1, 2 or 1500m`);
  if (parseBytes(defaults.memory) === undefined) at([...path, 'memory'], `${showValue(defaults.memory)} is not a memory size: use forms such as 4Gi, 4G, 4e9 or 4GiB`);
}

function checkWorkerPort(at: At, path: FieldPath, port: number | string | null | undefined): void {
  if (port === undefined || port === null || port === '') return;
  const ports = String(port).split(':').map(Number);
  const valid = /^\d+(:\d+)?$/.test(String(port)) && ports.every((p) => p >= 1 && p <= 65535) && (ports.length === 1 || ports[0] <= ports[1]);
  if (!valid) at(path, `${showValue(port)} is not allowed: must be a port (1-65535) or a range such as 9000:9100`);
}

/** What Flux would silently do otherwise: reject the URL, move objects. */
function checkFluxDelivery(env: Environment, at: At): void {
  const url = env.gitops?.repoUrl ?? '';
  const scp = /^git@([^:]+):(.+)$/.exec(url);
  if (scp) at(['gitops', 'repoUrl'], `${showValue(url)} is not allowed with tool flux: Flux takes ssh:// URLs, here ssh://git@${scp[1]}/${scp[2]}`);

  const { scheduler, worker } = env.dask;
  const monitors = [
    [['dask', 'scheduler', 'metrics', 'serviceMonitor', 'namespace'], scheduler.metrics.enabled && scheduler.metrics.serviceMonitor],
    [['dask', 'worker', 'metrics', 'podMonitor', 'namespace'], worker.metrics.enabled && worker.metrics.podMonitor],
  ] as const;
  for (const [path, monitor] of monitors) {
    const namespace = monitor && monitor.enabled ? monitor.namespace : undefined;
    if (namespace && namespace !== env.namespace) {
      at(path, `${showValue(namespace)} is not allowed with tool flux: its Kustomization sets targetNamespace ${env.namespace}, which moves every namespaced object there; leave it empty, or deliver with argocd`);
    }
  }
}

/** GKE hands group names to RBAC only with Google Groups for RBAC: a group admin without it would bind no one. */
function checkGroupAdmins(at: (path: FieldPath, message: string) => void, env: Environment): void {
  const cluster = env.cluster;
  if (!cluster || cluster.securityGroup) return;
  cluster.admins.forEach((entry, index) => {
    if (parseMember(entry).kind === 'group') {
      at(['cluster', 'admins', index], `${showValue(entry)} is a Google Group, which GKE passes to RBAC only with Google Groups for RBAC: `
        + 'set cluster.securityGroup to gke-security-groups@YOUR_DOMAIN (a group with this one as a member), or list the members as user: entries');
    }
  });
}

/** Bucket grants go to Workload Identity principals: without it the pods have no identity of their own. */
function checkDataAccess(at: (path: FieldPath, message: string) => void, env: Environment): void {
  if (!env.dataAccess) return;
  if (!env.cluster) at(['dataAccess'], 'needs a cluster: section: bootstrap grants the buckets to the pods\' Workload Identity principals in cluster.project');
  else if (!env.cluster.workloadIdentity) at(['dataAccess'], 'needs cluster.workloadIdentity: true: without it the pods have no identity of their own to grant the buckets to');
  const seen = new Map<string, number>();
  env.dataAccess.buckets.forEach((bucket, index) => {
    const previous = seen.get(bucket.name);
    if (previous !== undefined) at(['dataAccess', 'buckets', index, 'name'], `${showValue(bucket.name)} is listed twice (also buckets[${previous}]): give each bucket one entry with its widest access`);
    seen.set(bucket.name, index);
  });
}
