// The ServiceAccount each component's pods run as. Each component has its own, so
// that Google permissions (bucket grants through Workload Identity) go to exactly
// the pods that need them, never to the namespace's `default` account. Plain
// functions without cdk8s: bootstrap reads the same names for its grants.
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { DataComponent, Environment } from '../config/values';
import { objectLabels } from './labels';

/** <fullname>-scheduler, <fullname>-worker, <fullname>-jupyter: rendered by synth. */
export function componentAccountName(env: Environment, component: DataComponent): string {
  return `${env.fullname}-${component}`;
}

/** The account pods of `component` run as: the one its values name (the user's to manage), else the rendered one. */
export function accountFor(env: Environment, component: DataComponent, named?: string | null): string {
  return named || componentAccountName(env, component);
}

/** Every account each component's pods use (worker groups may name their own), for bucket grants. */
export function podAccounts(env: Environment): Record<DataComponent, string[]> {
  const { dask } = env;
  return {
    scheduler: dask.scheduler.enabled ? [accountFor(env, 'scheduler', dask.scheduler.serviceAccountName)] : [],
    worker: [...new Set(env.workerGroups.map((group) => accountFor(env, 'worker', group.values.serviceAccountName)))],
    jupyter: dask.jupyter.enabled ? [accountFor(env, 'jupyter', dask.jupyter.serviceAccountName)] : [],
  };
}

export function serviceAccountObject(env: Environment, component: DataComponent, name: string = componentAccountName(env, component)): IServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: env.namespace, labels: objectLabels(env, component) } };
}
