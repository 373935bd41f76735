import { ApiObject, ApiObjectProps, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config/values';
import { argoCdSyncObjects } from './argocd';
import { pinnedRelease } from './controller-versions';
import { fluxSyncObjects } from './flux';
import { WorkloadObject } from './names';
import { WorkerReplicasOwner, workerReplicasOwner } from './worker-replicas';

export interface GitOpsSyncProps {
  readonly env: Environment;
  /** The environment's rendered objects: the Deployments to health-check and to exempt. */
  readonly workload: readonly WorkloadObject[];
}

/**
 * The objects that make a controller apply dist/<env>/: Flux's GitRepository and
 * Kustomization, or Argo CD's Application. Rendered to dist/gitops/<env>/, outside
 * the folder they apply, so that they never manage themselves.
 */
export class GitOpsSync extends Chart {
  public readonly workerReplicas: WorkerReplicasOwner;

  constructor(scope: Construct, id: string, props: GitOpsSyncProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { env } = props;
    const gitops = env.gitops;
    if (gitops === undefined) throw new Error(`environment ${env.name} has no gitops: section to render sync objects from`);
    this.workerReplicas = workerReplicasOwner(env);

    const deployments = props.workload.filter((object) => object.apiVersion === 'apps/v1' && object.kind === 'Deployment');
    const workerNames = new Set(env.workerGroups.map((group) => group.deploymentName));
    const workerDeployments = deployments.filter((deployment) => workerNames.has(deployment.metadata.name));

    // Typed by interfaces written from the vendored CRDs; the CRDs themselves are checked
    // by npm run validate (and the tests), not here, so synth does not load the validators.
    const release = pinnedRelease(gitops);
    const workerReplicas = this.workerReplicas;
    const objects: ApiObjectProps[] = gitops.tool === 'flux'
      ? fluxSyncObjects({ env, gitops, release, deployments, workerDeployments, workerReplicas })
      : argoCdSyncObjects({ env, gitops, release, workerDeployments, workerReplicas });
    for (const object of objects) new ApiObject(this, object.kind, object);
  }
}
