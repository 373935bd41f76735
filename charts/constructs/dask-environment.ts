import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { Environment } from '../config/values';
import { DaskScheduler } from './dask-scheduler';
import { DaskWorkerGroup } from './dask-worker-group';
import { Jupyter } from './jupyter';
import { objectLabels } from './labels';
import { Monitoring } from './monitoring';
import { serviceAccountObject } from './service-accounts';

export interface DaskEnvironmentProps {
  readonly env: Environment;
}

/** Everything one environment runs: its namespace, the scheduler, each worker group and Jupyter. */
export class DaskEnvironment extends Chart {
  public readonly env: Environment;

  constructor(scope: Construct, id: string, props: DaskEnvironmentProps) {
    // Names come from the environment, never from construct-path hashes.
    super(scope, id, { disableResourceNameHashes: true });
    const { env } = props;
    this.env = env;

    const namespace: INamespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: env.namespace, labels: objectLabels(env) } };
    new ApiObject(this, 'namespace', namespace);

    const schedulerAddress = `${env.fullname}-scheduler:${env.dask.scheduler.servicePort}`;
    const scheduler = env.dask.scheduler.enabled ? new DaskScheduler(this, 'scheduler', { env }) : undefined;

    for (const group of env.workerGroups) {
      new DaskWorkerGroup(this, `worker-${group.group}`, { env, group, schedulerAddress });
    }
    // One account for every worker group that names none of its own.
    if (env.workerGroups.some((group) => !group.values.serviceAccountName)) new ApiObject(this, 'worker-service-account', serviceAccountObject(env, 'worker'));
    // With an external scheduler, notebooks should reach the same one the workers do.
    const notebookScheduler = env.dask.worker.custom_scheduler_url || schedulerAddress;
    if (env.dask.jupyter.enabled) new Jupyter(this, 'jupyter', { env, schedulerAddress: notebookScheduler });
    new Monitoring(this, 'monitoring', { env, schedulerMetricsPort: scheduler?.dashboardPortName });
  }
}
