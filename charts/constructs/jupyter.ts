import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import { Environment } from '../config/values';
import { notebookMayScaleWorkers } from '../gitops/worker-replicas';
import { ingressFor } from './ingress';
import { configChecksum, JUPYTER_CONFIG_DIR, JUPYTER_CONFIG_FILE, jupyterServerConfig } from './jupyter-config';
import { objectLabels, selectorLabels } from './labels';
import { disruptionBudget, ingressPolicy, IngressRule, namespaceNamed } from './lockdown';
import { containerBase, deploymentOf, ifSet, podSettings } from './pod';
import { accountFor, serviceAccountObject } from './service-accounts';

export const JUPYTER_PORT = 8888;

export interface JupyterProps {
  readonly env: Environment;
  /** Put in DASK_SCHEDULER_ADDRESS, so `Client()` in a notebook finds the scheduler. */
  readonly schedulerAddress: string;
}

/** Jupyter: Deployment, Service, config ConfigMap, and with `rbac` the account that may scale workers. */
export class Jupyter extends Construct {
  /** The ServiceAccount the pod runs as. */
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: JupyterProps) {
    super(scope, id);
    const { env } = props;
    const values = env.dask.jupyter;
    const name = `${env.fullname}-jupyter`;
    const configMapName = `${name}-config`;
    const selector = selectorLabels(env, 'jupyter');
    const labels = objectLabels(env, 'jupyter');
    // The chart always names the account dask-jupyter, so two releases in a namespace clash;
    // here it is per release, and Jupyter has its own even without rbac (for bucket grants).
    this.serviceAccountName = accountFor(env, 'jupyter', values.serviceAccountName);

    const config = jupyterServerConfig(values);
    const configMap: IConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: configMapName, namespace: env.namespace, labels },
      data: { [JUPYTER_CONFIG_FILE]: config },
    };
    new ApiObject(this, 'config', configMap);

    const deployment = deploymentOf({
      name,
      namespace: env.namespace,
      labels,
      selector,
      replicas: values.replicas,
      strategy: { type: 'RollingUpdate' },
      podAnnotations: { 'checksum/config': configChecksum(config) },
      pod: {
        // Notebooks use the token only through the Role that rbac creates.
        ...podSettings(env, values.image, values, { serviceAccountName: this.serviceAccountName, notebook: true, usesKubernetesApi: values.rbac }),
        volumes: [
          ...(values.mounts?.volumes ?? []),
          { name: 'config-volume', configMap: { name: configMapName } },
        ],
        containers: [{
          ...containerBase(env, name, values.image, values),
          command: ifSet(values.command) ?? undefined,
          args: ifSet(values.args) ?? undefined,
          ports: [{ name: 'http', containerPort: JUPYTER_PORT, protocol: 'TCP' }],
          env: [{ name: 'DASK_SCHEDULER_ADDRESS', value: props.schedulerAddress }, ...(values.env ?? [])],
          volumeMounts: [
            { name: 'config-volume', mountPath: JUPYTER_CONFIG_DIR },
            ...(values.mounts?.volumeMounts ?? []),
          ],
        }],
      },
    });
    new ApiObject(this, 'deployment', deployment);

    const service: IService = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: env.namespace, labels },
      spec: {
        type: values.serviceType,
        loadBalancerSourceRanges: values.serviceType === 'LoadBalancer' ? ifSet(values.loadBalancerSourceRanges) : undefined,
        selector,
        ports: [{ name, port: values.servicePort, targetPort: JUPYTER_PORT, protocol: 'TCP' }],
      },
    };
    new ApiObject(this, 'service', service);

    // A named account is the user's to manage, unless rbac asks for the role, as the chart does.
    if (values.rbac || !values.serviceAccountName) new ApiObject(this, 'service-account', serviceAccountObject(env, 'jupyter', this.serviceAccountName));
    if (values.rbac) this.addScalingRole(env, this.serviceAccountName, labels);

    const ingress = ingressFor(env, values.ingress, {
      name, labels, serviceName: name, servicePort: values.servicePort, defaultTlsSecret: `${env.fullname}-jupyter-tls`,
    });
    if (ingress) new ApiObject(this, 'ingress', ingress);

    const budget = disruptionBudget(env, name, labels, selector);
    if (budget) new ApiObject(this, 'disruption-budget', budget);
    const rules: IngressRule[] = [];
    const controller = values.ingress.enabled ? values.ingress.controllerNamespace : undefined;
    if (controller) rules.push({ port: JUPYTER_PORT, from: [namespaceNamed(controller)] });
    // Behind a LoadBalancer or NodePort, node-level address translation hides the client:
    // the load balancer's source ranges decide who gets in.
    if (values.serviceType !== 'ClusterIP') rules.push({ port: JUPYTER_PORT });
    const policy = ingressPolicy(env, name, labels, selector, rules);
    if (policy) new ApiObject(this, 'network-policy', policy);
  }

  /** Lets notebooks read pods and logs and, unless git owns worker replicas, scale workers; this namespace only. */
  private addScalingRole(env: Environment, accountName: string, labels: Record<string, string>): void {
    const metadata = { name: accountName, namespace: env.namespace, labels };
    const role: IRole = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [
        ...(notebookMayScaleWorkers(env)
          ? [
            { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
            // kubectl scale and the Python client's scale calls use the scale subresource, which the chart omits.
            { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update', 'patch'] },
          ]
          : [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }]),
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list'] },
      ],
    };
    const binding: IRoleBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      subjects: [{ kind: 'ServiceAccount', name: accountName, namespace: env.namespace }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: accountName },
    };
    new ApiObject(this, 'role', role);
    new ApiObject(this, 'role-binding', binding);
  }
}
