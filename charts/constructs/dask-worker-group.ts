import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment, WorkerGroup } from '../config/values';
import { objectLabels, selectorLabels, WORKER_GROUP_LABEL } from './labels';
import { daskPeers, ingressPolicy } from './lockdown';
import { containerBase, deploymentOf, ifSet, podSettings } from './pod';
import { accountFor } from './service-accounts';
import { workerArgs } from './worker-args';

export interface DaskWorkerGroupProps {
  readonly env: Environment;
  readonly group: WorkerGroup;
  /** `<scheduler service>:<port>` unless the group names a custom_scheduler_url. */
  readonly schedulerAddress: string;
}

/** One worker Deployment: the chart's `worker`, or one of its additional_worker_groups. */
export class DaskWorkerGroup extends Construct {
  constructor(scope: Construct, id: string, props: DaskWorkerGroupProps) {
    super(scope, id);
    const { env, group } = props;
    const values = group.values;
    const selector = { ...selectorLabels(env, 'worker'), [WORKER_GROUP_LABEL]: group.group };
    const labels = { ...objectLabels(env, 'worker'), [WORKER_GROUP_LABEL]: group.group };

    const deployment = deploymentOf({
      name: group.deploymentName,
      namespace: env.namespace,
      labels,
      selector,
      replicas: values.replicas,
      strategy: { type: values.strategy.type, rollingUpdate: ifSet(values.strategy.rollingUpdate) },
      podAnnotations: ifSet(values.annotations) ?? undefined,
      pod: {
        ...podSettings(env, values.image, values, { serviceAccountName: accountFor(env, 'worker', values.serviceAccountName), notebook: false, usesKubernetesApi: false }),
        volumes: ifSet(values.mounts?.volumes) ?? undefined,
        containers: [{
          ...containerBase(env, `${env.fullname}-worker`, values.image, values),
          args: workerArgs(values, props.schedulerAddress),
          ports: [{ name: 'dashboard', containerPort: values.portDashboard, protocol: 'TCP' }],
          volumeMounts: ifSet(values.mounts?.volumeMounts) ?? undefined,
        }],
      },
    });
    new ApiObject(this, 'deployment', deployment);

    // A worker runs whatever a peer sends it, as the scheduler does. Its ports are random
    // (unless `port` is set), so peers get every port; an external scheduler lives elsewhere,
    // so a group with custom_scheduler_url keeps the network open.
    if (!values.custom_scheduler_url) {
      const policy = ingressPolicy(env, group.deploymentName, labels, selector, [
        { from: daskPeers(env, { scheduler: env.dask.scheduler.enabled }) },
        // /health and /metrics only, for the kubelet's probes and Prometheus.
        { port: values.portDashboard },
      ]);
      if (policy) new ApiObject(this, 'network-policy', policy);
    }
  }
}
