import { Environment } from '../config/values';

/** Where synth writes, relative to the repository root: what the controllers read. */
export const DIST_DIR = 'dist';

/** The folder under dist/ that holds an environment's sync objects. */
export function gitopsFolder(envName: string): string {
  return `gitops/${envName}`;
}

/** The repository path a controller applies for an environment. */
export function envPath(env: Environment): string {
  return `${DIST_DIR}/${env.name}`;
}

/** Name of the sync objects in the controller's namespace; one environment per name. */
export function syncName(env: Environment): string {
  return `dask-${env.name}`;
}

/** The object a controller health-checks or a rule targets: enough to name it in the cluster. */
export interface WorkloadObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}
