// ClusterRoleBindings to cluster-admin found on the cluster that this environment
// did not render: the tutorial's `kubectl create clusterrolebinding cluster-admin-binding`,
// or a hand-made one. Removing someone from cluster.admins must remove their access,
// so the access step reports these and removes them when asked.
import { ManifestObject } from './kube-client';

export const CLUSTER_ROLE_BINDINGS = 'clusterrolebindings.rbac.authorization.k8s.io';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface AdminBindings {
  /** Bindings of cluster-admin to people (users, groups) that no dask-gitops environment rendered. */
  readonly foreign: ManifestObject[];
  /** Other environments' own bindings on a shared cluster: never touched. */
  readonly otherEnvironments: ManifestObject[];
}

function subjectsOf(binding: ManifestObject): Subject[] {
  return (binding.subjects as Subject[] | undefined) ?? [];
}

function bindsClusterAdmin(binding: ManifestObject): boolean {
  const role = binding.roleRef as { kind?: string; name?: string } | undefined;
  return role?.kind === 'ClusterRole' && role.name === 'cluster-admin';
}

/** Kubernetes' and GKE's own (system:, rbac-defaults, addon-manager) and controllers' (service accounts only) are not people's access. */
function isSystemOrController(binding: ManifestObject): boolean {
  const labels = (binding.metadata.labels ?? {}) as Record<string, string>;
  return binding.metadata.name.startsWith('system:')
    || labels['kubernetes.io/bootstrapping'] === 'rbac-defaults'
    || 'addonmanager.kubernetes.io/mode' in labels
    || subjectsOf(binding).every((subject) => subject.kind === 'ServiceAccount');
}

export function adminBindings(bindings: readonly ManifestObject[], ownNames: readonly string[]): AdminBindings {
  const candidates = bindings.filter((binding) => bindsClusterAdmin(binding) && !ownNames.includes(binding.metadata.name) && !isSystemOrController(binding));
  const fromDaskGitops = (binding: ManifestObject) => ((binding.metadata.labels ?? {}) as Record<string, string>)[MANAGED_BY] === 'dask-gitops';
  return { foreign: candidates.filter((binding) => !fromDaskGitops(binding)), otherEnvironments: candidates.filter(fromDaskGitops) };
}

/** "User alice@example.com, Group team@example.com". */
export function describeSubjects(binding: ManifestObject): string {
  const subjects = subjectsOf(binding);
  if (subjects.length === 0) return 'no one';
  return subjects.map((subject) => `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`).join(', ');
}
