// What `production: true` adds to the rendered objects, chosen so the official images
// (ghcr.io/dask/dask runs as root from /opt/conda; ghcr.io/dask/dask-notebook as
// jovyan, 1000:100, who owns /opt/conda) still start, EXTRA_PIP_PACKAGES included.
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Environment, KubernetesJson } from '../config/values';
import { selectorLabels } from './labels';

/** The notebook image's user and group (jupyter/docker-stacks NB_UID and NB_GID). */
const NOTEBOOK_UID = 1000;
const NOTEBOOK_GID = 100;

/** The label every namespace carries with its own name (Kubernetes sets it since 1.21). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function isLockedDown(env: Environment): boolean {
  return env.production;
}

/**
 * Every production container: no setuid gains, no capabilities. Not runAsNonRoot for
 * the Dask image: it runs as root, and its /opt/conda belongs to root, so a forced
 * user would break EXTRA_PIP_PACKAGES; root without capabilities still owns only its files.
 */
export function containerSecurityContext(env: Environment): IContainer['securityContext'] {
  if (!isLockedDown(env)) return undefined;
  return { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
}

/** The pod's securityContext: the environment's own settings over the production defaults. */
export function podSecurityContext(env: Environment, own: KubernetesJson | null | undefined, notebook: boolean): IPodSpec['securityContext'] {
  const base = isLockedDown(env)
    ? {
      seccompProfile: { type: 'RuntimeDefault' },
      ...(notebook ? { runAsUser: NOTEBOOK_UID, runAsGroup: NOTEBOOK_GID, fsGroup: NOTEBOOK_GID, runAsNonRoot: true } : {}),
    }
    : {};
  const merged = { ...base, ...(own ?? {}) };
  return Object.keys(merged).length > 0 ? merged as IPodSpec['securityContext'] : undefined;
}

/** In production a pod gets a service account token only where RBAC gives it something to do. */
export function automountToken(env: Environment, usesKubernetesApi: boolean): boolean | undefined {
  return isLockedDown(env) ? usesKubernetesApi : undefined;
}

/**
 * Keeps voluntary evictions (cluster autoscaler scale-down, node drains) off a single
 * scheduler or Jupyter, which would lose every running computation or kernel. GKE's
 * upgrades wait up to an hour for it, then evict anyway.
 */
export function disruptionBudget(env: Environment, name: string, labels: Record<string, string>, selector: Record<string, string>): IPodDisruptionBudget | undefined {
  if (!isLockedDown(env)) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: env.namespace, labels },
    spec: { maxUnavailable: 0, selector: { matchLabels: selector } },
  };
}

export interface IngressRule {
  /** The pod port this rule opens; undefined: every port. */
  readonly port?: number;
  /** Who may connect; undefined: anyone who can route to the pod. */
  readonly from?: INetworkPolicyPeer[];
}

/** A NetworkPolicy admitting only `rules` to the selected pods; an empty list admits no one. */
export function ingressPolicy(env: Environment, name: string, labels: Record<string, string>, selector: Record<string, string>, rules: readonly IngressRule[]): INetworkPolicy | undefined {
  if (!isLockedDown(env)) return undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: env.namespace, labels },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: rules.map((rule) => ({
        ...(rule.from ? { from: rule.from } : {}),
        ...(rule.port !== undefined ? { ports: [{ port: rule.port, protocol: 'TCP' }] } : {}),
      })),
    },
  };
}

/**
 * Who may reach the scheduler's comm port and the workers: this release's workers and
 * Jupyter, the scheduler itself for the workers, and the namespaces the environment lists.
 */
export function daskPeers(env: Environment, options: { scheduler: boolean }): INetworkPolicyPeer[] {
  return [
    ...(options.scheduler ? [podsWith(selectorLabels(env, 'scheduler'))] : []),
    podsWith(selectorLabels(env, 'worker')),
    ...(env.dask.jupyter.enabled ? [podsWith(selectorLabels(env, 'jupyter'))] : []),
    ...env.dask.scheduler.clientNamespaces.map(namespaceNamed),
  ];
}

function podsWith(labels: Record<string, string>): INetworkPolicyPeer {
  return { podSelector: { matchLabels: labels } };
}

export function namespaceNamed(namespace: string): INetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
}
