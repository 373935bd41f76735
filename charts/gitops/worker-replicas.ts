import { Environment } from '../config/values';

/**
 * Who sets the replica count of a worker Deployment once it exists.
 * - `git`: the environment file; the controller reverts any other change.
 * - `notebook`: whoever scales it in the cluster (the notebook, through the Jupyter
 *   role); the controller never reverts it.
 */
export type WorkerReplicasOwner = 'git' | 'notebook';

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

/**
 * False when Flux delivers in notebook mode: Flux re-applies every field it is given
 * and cannot apply one only at creation, so the worker Deployments leave replicas out
 * (new ones start at 1) and what reviewers read is what Flux applies.
 */
export function rendersWorkerReplicas(env: Environment): boolean {
  return !(env.gitops?.tool === 'flux' && workerReplicasOwner(env) === 'notebook');
}

/**
 * Whether the Jupyter role may change worker Deployments: not when a controller
 * enforces replicas from git, where a notebook's scaling would be silently undone;
 * a 403 says so at once.
 */
export function notebookMayScaleWorkers(env: Environment): boolean {
  return env.gitops === undefined || workerReplicasOwner(env) === 'notebook';
}
