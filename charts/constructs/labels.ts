import { Environment } from '../config/values';

export type Component = 'scheduler' | 'worker' | 'jupyter';

/** The label dask-kubernetes uses for worker groups; keeps each group's Deployment selector its own. */
export const WORKER_GROUP_LABEL = 'dask.org/workergroup-name';

/**
 * Labels a Deployment selects on. Only stable values: a renamed construct or a
 * new image tag must never change a selector, which Kubernetes cannot update.
 */
export function selectorLabels(env: Environment, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': env.dask.nameOverride || 'dask',
    'app.kubernetes.io/instance': env.release,
    'app.kubernetes.io/component': component,
  };
}

/** Labels on every rendered object of a component. */
export function objectLabels(env: Environment, component?: Component): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': env.dask.nameOverride || 'dask',
    'app.kubernetes.io/instance': env.release,
    'app.kubernetes.io/managed-by': 'dask-gitops',
  };
  if (component) labels['app.kubernetes.io/component'] = component;
  return labels;
}
