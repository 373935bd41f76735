import { Environment, GitOpsSpec } from '../config/values';
import { objectLabels } from '../constructs/labels';
import { ControllerRelease, CONTROLLER_VERSION_ANNOTATION, releaseLabel } from './controller-versions';
import { GitRepository, Kustomization } from './crd-types';
import { envPath, syncName, WorkloadObject } from './names';
import { REPLICAS_POINTER, WorkerReplicasOwner } from './worker-replicas';

/** Where Flux's controllers watch for their objects. */
export const FLUX_NAMESPACE = 'flux-system';

export interface FluxSyncProps {
  readonly env: Environment;
  readonly gitops: GitOpsSpec;
  readonly release: ControllerRelease;
  /** The Deployments Flux waits for before it calls a revision applied. */
  readonly deployments: readonly WorkloadObject[];
  /** The worker Deployments, whose replicas `notebook` mode leaves to the cluster. */
  readonly workerDeployments: readonly WorkloadObject[];
  readonly workerReplicas: WorkerReplicasOwner;
}

/** A GitRepository for the branch and a Kustomization that applies dist/<env> from it. */
export function fluxSyncObjects(props: FluxSyncProps): [GitRepository, Kustomization] {
  const { env, gitops } = props;
  const name = syncName(env);
  const metadata = { name, namespace: FLUX_NAMESPACE, labels: objectLabels(env), annotations: { [CONTROLLER_VERSION_ANNOTATION]: releaseLabel(props.release) } };
  const repository: GitRepository = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata,
    spec: {
      interval: gitops.interval,
      url: gitops.repoUrl,
      ref: { branch: gitops.branch },
    },
  };
  const kustomization: Kustomization = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata,
    spec: {
      interval: gitops.interval,
      timeout: gitops.timeout,
      sourceRef: { kind: 'GitRepository', name },
      path: `./${envPath(env)}`,
      // An object whose file goes is deleted; deleting this Kustomization deletes all it applied.
      prune: true,
      targetNamespace: env.namespace,
      healthChecks: props.deployments.map((deployment) => ({
        apiVersion: deployment.apiVersion,
        kind: deployment.kind,
        name: deployment.metadata.name,
        namespace: deployment.metadata.namespace ?? env.namespace,
      })),
      // Applied when a worker Deployment is created, then left to the cluster (kustomize-controller
      // adopts the live value). Target fields are anchored regular expressions, hence the escaping.
      ignore: props.workerReplicas === 'notebook'
        ? props.workerDeployments.map((deployment) => ({
          paths: [REPLICAS_POINTER],
          target: { group: 'apps', kind: 'Deployment', name: exactPattern(deployment.metadata.name), namespace: exactPattern(deployment.metadata.namespace ?? env.namespace) },
        }))
        : undefined,
    },
  };
  return [repository, kustomization];
}

/** A regular expression matching exactly `name` (Kubernetes names may hold dots). */
function exactPattern(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
