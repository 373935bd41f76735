import { Environment } from '../config/values';

/**
 * Who sets the replica count of a worker Deployment once it exists.
 * - `git`: the environment file; the controller reverts any other change.
 * - `notebook`: whoever scales it in the cluster (the notebook, through the Jupyter
 *   role); the controller never reverts it.
 */
export type WorkerReplicasOwner = 'git' | 'notebook';

export const WORKER_REPLICAS_OWNERS: readonly WorkerReplicasOwner[] = ['git', 'notebook'];

/** The JSON pointer both controllers are told to leave alone in `notebook` mode. */
export const REPLICAS_POINTER = '/spec/replicas';

/** True when the Jupyter role lets notebooks scale the worker Deployments. */
export function notebookScalingOn(env: Environment): boolean {
  return env.dask.jupyter.enabled && env.dask.jupyter.rbac;
}

/**
 * `gitops.workerReplicas` when set, else `notebook` exactly when notebooks can scale:
 * granting the scale permission and then reverting its use would contradict itself.
 */
export function workerReplicasOwner(env: Environment): WorkerReplicasOwner {
  // A `notebook` request without notebook scaling was refused when the file was loaded.
  return env.gitops?.workerReplicas ?? (notebookScalingOn(env) ? 'notebook' : 'git');
}
