import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import type { IGitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { Environment, GitOpsSpec } from '../config/values';
import { objectLabels } from '../constructs/labels';
import { envPath, syncName, WorkloadObject } from './names';

/** Where Flux's controllers watch for their objects. */
export const FLUX_NAMESPACE = 'flux-system';

export interface FluxSyncProps {
  readonly env: Environment;
  readonly gitops: GitOpsSpec;
  /** The Deployments Flux waits for before it calls a revision applied. */
  readonly deployments: readonly WorkloadObject[];
}

/** A GitRepository for the branch and a Kustomization that applies dist/<env> from it. */
export function fluxSyncObjects(props: FluxSyncProps): [IGitRepository, IKustomization] {
  const { env, gitops } = props;
  const name = syncName(env);
  const metadata = { name, namespace: FLUX_NAMESPACE, labels: objectLabels(env) };
  const repository: IGitRepository = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata,
    spec: {
      interval: gitops.interval,
      url: gitops.repoUrl,
      ref: { branch: gitops.branch },
    },
  };
  const kustomization: IKustomization = {
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
    },
  };
  return [repository, kustomization];
}
