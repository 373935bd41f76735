import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment, KubernetesJson, Monitor } from '../config/values';
import { objectLabels, selectorLabels } from './labels';
import { ifSet } from './pod';

// The fields rendered, written from the vendored Prometheus Operator CRDs
// (charts/validate/crds/prometheus-operator-v0.93.0/); validate checks whole objects against them.
interface MonitorMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

interface MonitorSpecBase {
  readonly namespaceSelector: KubernetesJson;
  readonly jobLabel?: string;
  readonly selector: { readonly matchLabels: Record<string, string> };
}

interface Endpoint {
  readonly interval: string;
  readonly port: string;
  readonly scheme?: 'http' | 'https';
  readonly metricRelabelings?: KubernetesJson[];
}

/** monitoring.coreos.com/v1 ServiceMonitor. */
interface ServiceMonitor {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'ServiceMonitor';
  readonly metadata: MonitorMetadata;
  readonly spec: MonitorSpecBase & { readonly endpoints: Endpoint[]; readonly targetLabels?: string[] };
}

/** monitoring.coreos.com/v1 PodMonitor. */
interface PodMonitor {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PodMonitor';
  readonly metadata: MonitorMetadata;
  readonly spec: MonitorSpecBase & { readonly podMetricsEndpoints: Endpoint[]; readonly podTargetLabels?: string[] };
}

export interface MonitoringProps {
  readonly env: Environment;
  /** The scheduler Service's dashboard port name, which serves /metrics. */
  readonly schedulerMetricsPort?: string;
}

/** Prometheus Operator objects: a ServiceMonitor for the scheduler, a PodMonitor for all worker groups. */
export class Monitoring extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { env } = props;
    const scheduler = env.dask.scheduler.metrics;
    if (scheduler.enabled && scheduler.serviceMonitor.enabled && props.schedulerMetricsPort) {
      const monitor = scheduler.serviceMonitor;
      const serviceMonitor: ServiceMonitor = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: monitorMetadata(env, `${env.fullname}-scheduler-servicemonitor`, 'scheduler', monitor),
        spec: {
          endpoints: [{ interval: monitor.interval, port: props.schedulerMetricsPort, metricRelabelings: ifSet(monitor.metricRelabelings) ?? undefined }],
          namespaceSelector: namespaceSelector(env, monitor),
          jobLabel: ifSet(monitor.jobLabel) ?? undefined,
          targetLabels: ifSet(monitor.targetLabels) ?? undefined,
          selector: { matchLabels: selectorLabels(env, 'scheduler') },
        },
      };
      new ApiObject(this, 'scheduler', serviceMonitor);
    }
    const worker = env.dask.worker.metrics;
    if (worker.enabled && worker.podMonitor.enabled) {
      const monitor = worker.podMonitor;
      const podMonitor: PodMonitor = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: monitorMetadata(env, `${env.fullname}-worker-podmonitor`, 'worker', monitor),
        spec: {
          podMetricsEndpoints: [{ interval: monitor.interval, port: 'dashboard', scheme: 'http', metricRelabelings: ifSet(monitor.metricRelabelings) ?? undefined }],
          namespaceSelector: namespaceSelector(env, monitor),
          jobLabel: ifSet(monitor.jobLabel) ?? undefined,
          // The chart reads targetLabels here, a key its values never set; podTargetLabels is the documented one.
          podTargetLabels: ifSet(monitor.podTargetLabels) ?? undefined,
          // Selects every worker group: they share the worker component label.
          selector: { matchLabels: selectorLabels(env, 'worker') },
        },
      };
      new ApiObject(this, 'worker', podMonitor);
    }
  }
}

function monitorMetadata(env: Environment, name: string, component: 'scheduler' | 'worker', monitor: Monitor): MonitorMetadata {
  return {
    name,
    namespace: monitor.namespace || env.namespace,
    labels: { ...objectLabels(env, component), ...(monitor.additionalLabels ?? {}) },
  };
}

function namespaceSelector(env: Environment, monitor: Monitor): KubernetesJson {
  return ifSet(monitor.namespaceSelector) ?? { matchNames: [env.namespace] };
}
