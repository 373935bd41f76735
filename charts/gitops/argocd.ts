import { Environment, GitOpsSpec } from '../config/values';
import { objectLabels } from '../constructs/labels';
import { ControllerRelease, CONTROLLER_VERSION_ANNOTATION, releaseLabel } from './controller-versions';
import { Application } from './crd-types';
import { envPath, syncName, WorkloadObject } from './names';
import { REPLICAS_POINTER, WorkerReplicasOwner } from './worker-replicas';

/** Where Argo CD looks for Applications. */
export const ARGOCD_NAMESPACE = 'argocd';

/** Makes deleting the Application delete everything it deployed, as Flux's prune does. */
export const ARGOCD_CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export interface ArgoCdSyncProps {
  readonly env: Environment;
  readonly gitops: GitOpsSpec;
  readonly release: ControllerRelease;
  /** The worker Deployments, whose replicas `notebook` mode leaves to the cluster. */
  readonly workerDeployments: readonly WorkloadObject[];
  readonly workerReplicas: WorkerReplicasOwner;
}

/** An Application that keeps the cluster at dist/<env> of the branch, pruning and self-healing. */
export function argoCdSyncObjects(props: ArgoCdSyncProps): [Application] {
  const { env, gitops } = props;
  const notebook = props.workerReplicas === 'notebook';
  const application: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: syncName(env),
      namespace: ARGOCD_NAMESPACE,
      labels: objectLabels(env),
      annotations: { [CONTROLLER_VERSION_ANNOTATION]: releaseLabel(props.release) },
      finalizers: [ARGOCD_CASCADE_FINALIZER],
    },
    spec: {
      project: 'default',
      source: { repoURL: gitops.repoUrl, targetRevision: gitops.branch, path: envPath(env) },
      destination: { server: 'https://kubernetes.default.svc', namespace: env.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // RespectIgnoreDifferences: a sync keeps the live replicas instead of git's; git's
        // value is still used when the Deployment is first created.
        syncOptions: ['CreateNamespace=true', ...(notebook ? ['RespectIgnoreDifferences=true'] : [])],
      },
      ignoreDifferences: notebook
        ? props.workerDeployments.map((deployment) => ({
          group: 'apps',
          kind: 'Deployment',
          name: deployment.metadata.name,
          namespace: deployment.metadata.namespace,
          jsonPointers: [REPLICAS_POINTER],
        }))
        : undefined,
    },
  };
  return [application];
}
