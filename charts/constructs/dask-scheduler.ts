import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IService } from 'kubernetes-models/v1/Service';
import { DASHBOARD_PORT, SCHEDULER_PORT } from '../config/command-flags';
import { Environment } from '../config/values';
import { ingressFor } from './ingress';
import { objectLabels, selectorLabels } from './labels';
import { daskPeers, disruptionBudget, ingressPolicy } from './lockdown';
import { containerBase, deploymentOf, ifSet, podSettings } from './pod';
import { accountFor, serviceAccountObject } from './service-accounts';

export interface DaskSchedulerProps {
  readonly env: Environment;
}

/** The Dask scheduler: Deployment, Service and, when enabled, the dashboard Ingress. */
export class DaskScheduler extends Construct {
  /** Name of the Service port that serves the dashboard and /metrics. */
  public readonly dashboardPortName: string;

  constructor(scope: Construct, id: string, props: DaskSchedulerProps) {
    super(scope, id);
    const { env } = props;
    const values = env.dask.scheduler;
    const name = `${env.fullname}-scheduler`;
    this.dashboardPortName = `${env.fullname}-webui`;
    const selector = selectorLabels(env, 'scheduler');
    const labels = objectLabels(env, 'scheduler');

    const deployment = deploymentOf({
      name,
      namespace: env.namespace,
      labels,
      selector,
      replicas: values.replicas,
      // Recreate: a rolling update would briefly run two schedulers behind one Service.
      strategy: { type: 'Recreate' },
      pod: {
        ...podSettings(env, values.image, values, { serviceAccountName: accountFor(env, 'scheduler', values.serviceAccountName), notebook: false, usesKubernetesApi: false }),
        containers: [{
          ...containerBase(env, name, values.image, values),
          // The container always listens on 8786; servicePort only changes the Service.
          args: ['dask-scheduler', `--port=${SCHEDULER_PORT}`, `--dashboard-address=:${DASHBOARD_PORT}`, ...(values.extraArgs ?? [])],
          ports: [
            { name: 'comm', containerPort: SCHEDULER_PORT, protocol: 'TCP' },
            { name: 'dashboard', containerPort: DASHBOARD_PORT, protocol: 'TCP' },
          ],
        }],
      },
    });
    new ApiObject(this, 'deployment', deployment);
    if (!values.serviceAccountName) new ApiObject(this, 'service-account', serviceAccountObject(env, 'scheduler'));

    const service: IService = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: env.namespace, labels, annotations: ifSet(values.serviceAnnotations) ?? undefined },
      spec: {
        type: values.serviceType,
        loadBalancerIP: ifSet(values.loadBalancerIP) ?? undefined,
        loadBalancerSourceRanges: values.serviceType === 'LoadBalancer' ? ifSet(values.loadBalancerSourceRanges) : undefined,
        selector,
        ports: [
          { name, port: values.servicePort, targetPort: SCHEDULER_PORT, protocol: 'TCP' },
          { name: this.dashboardPortName, port: env.dask.webUI.servicePort, targetPort: DASHBOARD_PORT, protocol: 'TCP' },
        ],
      },
    };
    new ApiObject(this, 'service', service);

    const ingress: IIngress | undefined = ingressFor(env, env.dask.webUI.ingress, {
      name, labels, serviceName: name, servicePort: env.dask.webUI.servicePort, defaultTlsSecret: `${env.fullname}-scheduler-tls`,
    });
    if (ingress) new ApiObject(this, 'ingress', ingress);

    const budget = disruptionBudget(env, name, labels, selector);
    if (budget) new ApiObject(this, 'disruption-budget', budget);
    // Only this release's workers and notebook, and the namespaces listed, may send the scheduler work.
    const policy = ingressPolicy(env, name, labels, selector, [
      { port: SCHEDULER_PORT, from: daskPeers(env, { scheduler: false }) },
      // The dashboard and /metrics run no client code; Prometheus and an Ingress reach it from other namespaces.
      { port: DASHBOARD_PORT },
    ]);
    if (policy) new ApiObject(this, 'network-policy', policy);
  }
}
