// The RBAC the tutorial created by hand (kubectl create clusterrolebinding ...
// --clusterrole=cluster-admin --user=...), as plain objects: rendered by
// `npm run synth` into dist/bootstrap/<env>/ for review, and applied by the
// access step. Pure, and free of client libraries, so synth stays light.
import type { Environment } from '../charts/config/values';
import type { ManifestObject } from './kube-client';

export const ADMINS_BINDING_NAME = 'dask-gitops-cluster-admins';

/** A ClusterRoleBinding of cluster-admin for each Google account in cluster.admins; none when the list is empty. */
export function accessObjects(env: Environment): ManifestObject[] {
  const admins = env.cluster?.admins ?? [];
  if (admins.length === 0) return [];
  return [{
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name: ADMINS_BINDING_NAME,
      labels: { 'app.kubernetes.io/managed-by': 'dask-gitops' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    // GKE authenticates Google accounts with their email as the Kubernetes user name.
    subjects: admins.map((email) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email })),
  }];
}
