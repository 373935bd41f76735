import { Environment } from '../config/values';

/**
 * Who sets the replica count of a worker Deployment once it exists. Either way the
 * rendered Deployment carries the environment's `replicas`: the size it starts at.
 * - `git`: the environment file; the controller reverts any other change.
 * - `notebook`: whoever scales it in the cluster (the notebook, through the Jupyter
 *   role); the controller ignores /spec/replicas of the worker Deployments.
 */
export type WorkerReplicasOwner = 'git' | 'notebook';

/** The JSON pointer both controllers are told to leave alone in `notebook` mode. */
export const REPLICAS_POINTER = '/spec/replicas';

/** `gitops.workerReplicas` when set, else `git`, as in the chart: `replicas` then means what `helm upgrade` made it mean. */
export function workerReplicasOwner(env: Environment): WorkerReplicasOwner {
  // A `notebook` request without notebook scaling was refused when the file was loaded.
  return env.gitops?.workerReplicas ?? 'git';
}

/**
 * Whether the Jupyter role may change worker Deployments: not when a controller
 * enforces replicas from git, where a notebook's scaling would be silently undone;
 * a 403 says so at once.
 */
export function notebookMayScaleWorkers(env: Environment): boolean {
  return env.gitops === undefined || workerReplicasOwner(env) === 'notebook';
}
