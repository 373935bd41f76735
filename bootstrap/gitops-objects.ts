// What a cluster must run before an environment's GitOps objects mean anything,
// and the order in which to delete the objects. How to install it: charts/gitops/controller-versions.ts.
import { GitOpsSpec } from '../charts/config/values';
import { KubeRef, ManifestObject } from './kube-client';

/** Something the cluster must have for the objects to apply and be acted on. */
export interface Requirement {
  readonly description: string;
  readonly ref: KubeRef;
}

export const CRD_RESOURCE = 'customresourcedefinitions.apiextensions.k8s.io';

// The controller that acts on each API group's objects.
const CONTROLLERS: Record<string, KubeRef> = {
  'source.toolkit.fluxcd.io': { resource: 'deployments.apps', name: 'source-controller', namespace: 'flux-system' },
  'kustomize.toolkit.fluxcd.io': { resource: 'deployments.apps', name: 'kustomize-controller', namespace: 'flux-system' },
  'helm.toolkit.fluxcd.io': { resource: 'deployments.apps', name: 'helm-controller', namespace: 'flux-system' },
  'argoproj.io': { resource: 'statefulsets.apps', name: 'argocd-application-controller', namespace: 'argocd' },
};

/** The CRD of each custom kind among the objects, and the controller that serves its group. */
export function requirementsOf(objects: readonly ManifestObject[]): Requirement[] {
  const requirements = new Map<string, Requirement>();
  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    if (!isCustomGroup(group)) continue;
    const crd = `${pluralOf(object.kind)}.${group}`;
    requirements.set(crd, { description: `the ${object.kind} CRD (${crd})`, ref: { resource: CRD_RESOURCE, name: crd } });
    const controller = CONTROLLERS[group];
    if (controller) {
      const key = `${controller.namespace}/${controller.name}`;
      requirements.set(key, { description: `the controller ${controller.resource.split('.')[0]} ${key}`, ref: controller });
    }
  }
  return [...requirements.values()];
}

export function toolName(tool: GitOpsSpec['tool']): string {
  return tool === 'flux' ? 'Flux' : 'Argo CD';
}

// Objects that deploy come off first, so their controller prunes the workload
// while it still has its source; sources next; anything else last.
const DELETE_RANK: Record<string, number> = { Kustomization: 0, HelmRelease: 0, Application: 0, ApplicationSet: 0, GitRepository: 1, OCIRepository: 1, HelmRepository: 1, Bucket: 1 };

export function deletionOrder(objects: readonly ManifestObject[]): ManifestObject[] {
  return [...objects].sort((a, b) => (DELETE_RANK[a.kind] ?? 2) - (DELETE_RANK[b.kind] ?? 2));
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Groups that Kubernetes itself serves have no CRD to look for. */
function isCustomGroup(group: string): boolean {
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/** How CRDs name their plural for these kinds: GitRepository -> gitrepositories. */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/** How `kubectl get` names an object's resource: gitrepositories.source.toolkit.fluxcd.io. */
export function refOf(object: ManifestObject): KubeRef {
  const group = groupOf(object.apiVersion);
  const resource = group ? `${pluralOf(object.kind)}.${group}` : pluralOf(object.kind);
  return { resource, name: object.metadata.name, namespace: object.metadata.namespace };
}

/** Is every field the rendered value sets also set, equally, in the live one (which the API server fills with defaults)? */
export function appliedAsRendered(rendered: unknown, live: unknown): boolean {
  if (Array.isArray(rendered)) {
    return Array.isArray(live) && rendered.length === live.length && rendered.every((item, i) => appliedAsRendered(item, live[i]));
  }
  if (rendered !== null && typeof rendered === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
    return Object.entries(rendered).every(([key, value]) => appliedAsRendered(value, (live as Record<string, unknown>)[key]));
  }
  return rendered === live;
}
