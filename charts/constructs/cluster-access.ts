// The RBAC the tutorial created by hand (kubectl create clusterrolebinding ...
// --clusterrole=cluster-admin --user=...), as plain typed objects: rendered by
// `npm run synth` into dist/bootstrap/<env>/ for review, and applied from there
// by bootstrap's access step. Types only at run time, so synth stays light.
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { parseMember, subjectOf } from '../config/iam-members';
import { Environment } from '../config/values';

/** Per environment, so that two environments sharing a cluster do not overwrite each other's admins. */
export function adminsBindingName(envName: string): string {
  return `dask-gitops-${envName}-cluster-admins`;
}

/** The folder under dist/ that holds an environment's access objects. */
export function accessFolder(envName: string): string {
  return `bootstrap/${envName}`;
}

/**
 * A ClusterRoleBinding of cluster-admin for each IAM member in cluster.admins (groups as Group subjects),
 * for any environment with a cluster: section. An empty list still renders the
 * binding, with no subjects, so removing the last admin in git removes the access
 * when it is applied; nothing is rendered without a cluster.
 */
export function accessObjects(env: Environment): IClusterRoleBinding[] {
  if (!env.cluster) return [];
  return [{
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name: adminsBindingName(env.name),
      labels: { 'app.kubernetes.io/managed-by': 'dask-gitops' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: env.cluster.admins.map((entry) => subjectOf(parseMember(entry))),
  }];
}
