// Typed values: what an environment file means once defaults are filled in.
// Field names follow the dask Helm chart's values.yaml, snake_case included,
// so a values file pasted under `dask:` keeps its meaning.

import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { HazardName } from './hazards';

/** Pod volumes and the container's mounts of them, as in the Kubernetes API. */
export interface Mounts {
  readonly volumes?: IVolume[] | null;
  readonly volumeMounts?: IVolumeMount[] | null;
}

/** Free-form Kubernetes JSON (affinity, probes, volumes, ...), passed through as written. */
export type KubernetesJson = Record<string, unknown>;

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: KubernetesJson;
}

export interface Resources {
  readonly limits?: Record<string, string | number>;
  readonly requests?: Record<string, string | number>;
  readonly claims?: KubernetesJson[];
}

export interface Image {
  readonly repository: string;
  readonly tag: string;
  /** Rendered only when set. @default IfNotPresent */
  readonly pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  readonly pullSecrets?: { readonly name: string }[] | null;
}

export interface Ingress {
  readonly enabled: boolean;
  readonly ingressClassName?: string | null;
  readonly pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  readonly tls: boolean;
  readonly secretName?: string | null;
  readonly hostname?: string | null;
  readonly annotations?: Record<string, string> | null;
  /** Production: the Ingress controller's namespace, the only one the NetworkPolicy admits. */
  readonly controllerNamespace?: string | null;
}

export interface Monitor {
  readonly enabled: boolean;
  readonly namespace?: string | null;
  readonly namespaceSelector?: KubernetesJson | null;
  readonly additionalLabels?: Record<string, string> | null;
  readonly interval: string;
  readonly jobLabel?: string | null;
  readonly targetLabels?: string[] | null;
  readonly podTargetLabels?: string[] | null;
  readonly metricRelabelings?: KubernetesJson[] | null;
}

/** Pod settings shared by the scheduler, the workers and Jupyter. */
export interface PodValues {
  readonly env?: EnvVar[] | null;
  readonly resources?: Resources | null;
  readonly tolerations?: KubernetesJson[] | null;
  readonly affinity?: KubernetesJson | null;
  readonly nodeSelector?: Record<string, string> | null;
  readonly securityContext?: KubernetesJson | null;
  readonly serviceAccountName?: string | null;
  readonly livenessProbe?: KubernetesJson | null;
  readonly readinessProbe?: KubernetesJson | null;
}

export interface SchedulerValues extends PodValues {
  readonly name: string;
  readonly enabled: boolean;
  readonly image: Image;
  /** Dask supports exactly one scheduler. */
  readonly replicas: number;
  readonly serviceType: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly loadBalancerIP?: string | null;
  /** CIDR ranges a LoadBalancer admits; none means the internet. */
  readonly loadBalancerSourceRanges?: string[] | null;
  readonly servicePort: number;
  /** Production: namespaces, besides this release's pods, that may reach the comm port. @default [] */
  readonly clientNamespaces: string[];
  readonly serviceAnnotations?: Record<string, string> | null;
  readonly extraArgs?: string[] | null;
  readonly metrics: { readonly enabled: boolean; readonly serviceMonitor: Monitor };
}

export interface WebUIValues {
  readonly name: string;
  readonly servicePort: number;
  readonly ingress: Ingress;
}

export interface WorkerValues extends PodValues {
  readonly name: string;
  readonly image: Image & { readonly dask_worker: string };
  readonly replicas: number;
  readonly strategy: { readonly type: 'RollingUpdate' | 'Recreate'; readonly rollingUpdate?: KubernetesJson };
  readonly custom_scheduler_url?: string | null;
  /** Used when resources.limits lacks cpu or memory (deprecated in the chart). */
  readonly default_resources: { readonly cpu: string | number; readonly memory: string | number };
  readonly extraArgs?: string[] | null;
  readonly mounts?: Mounts | null;
  readonly annotations?: Record<string, string> | null;
  readonly port?: number | string | null;
  readonly portDashboard: number;
  readonly threads_per_worker?: number;
  readonly metrics: { readonly enabled: boolean; readonly podMonitor: Monitor };
}

export interface JupyterValues extends PodValues {
  readonly name: string;
  readonly enabled: boolean;
  readonly rbac: boolean;
  /** 0 stops Jupyter; at most 1. */
  readonly replicas: number;
  readonly image: Image;
  readonly serviceType: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly servicePort: number;
  /** CIDR ranges a LoadBalancer admits; none means the internet. */
  readonly loadBalancerSourceRanges?: string[] | null;
  /** A password hash (argon2:... or sha1:...), never the password. */
  readonly password: string;
  readonly passwordHint?: string | null;
  readonly command?: string[] | null;
  readonly args?: string[] | null;
  readonly extraConfig?: string | null;
  readonly mounts?: Mounts | null;
  readonly ingress: Ingress;
}

export interface DaskValues {
  readonly nameOverride?: string | null;
  readonly fullnameOverride?: string | null;
  readonly scheduler: SchedulerValues;
  readonly webUI: WebUIValues;
  readonly worker: WorkerValues;
  readonly additional_worker_groups: Partial<WorkerValues>[];
  readonly jupyter: JupyterValues;
}

export interface ClusterSpec {
  readonly project: string;
  /** A zone (us-central1-a) or a region (us-central1). */
  readonly location: string;
  readonly name: string;
  readonly machineType: string;
  readonly nodeCount: number;
  readonly diskSizeGb: number;
  readonly releaseChannel: 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';
  /**
   * The version GKE creates the control plane with, as gcloud's --cluster-version: latest,
   * 1.32, 1.32.4 or 1.32.4-gke.1000, chosen within the release channel. The channel upgrades it after.
   * @default the channel's default version
   */
  readonly version?: string;
  readonly workloadIdentity: boolean;
  /** A dedicated Google service account for the nodes; unset, the Compute Engine default one. */
  readonly nodeServiceAccount?: string;
  /** IAM members (user:, group:, serviceAccount:, or a bare address for a user) given cluster-admin by the bootstrap access step. */
  readonly admins: string[];
  /** gke-security-groups@DOMAIN: turns on Google Groups for RBAC, which group: admins need. */
  readonly securityGroup?: string;
  readonly workerPool?: {
    readonly name: string;
    readonly machineType: string;
    readonly minNodes: number;
    readonly maxNodes: number;
    readonly spot: boolean;
    readonly diskSizeGb: number;
  };
}

export interface GitOpsSpec {
  readonly tool: 'flux' | 'argocd';
  readonly repoUrl: string;
  readonly branch: string;
  readonly interval: string;
  readonly timeout: string;
  /** Who sets worker replicas once the Deployments exist; git's value is always the starting size. @default git */
  readonly workerReplicas?: 'git' | 'notebook';
  /** The controller release the sync objects target and bootstrap installs. @default DEFAULT_CONTROLLER_VERSION in charts/gitops/controller-versions.ts */
  readonly controllerVersion?: string;
}

export type DataComponent = 'scheduler' | 'worker' | 'jupyter';

export interface BucketAccess {
  readonly name: string;
  /** read: roles/storage.objectViewer; write: roles/storage.objectUser. */
  readonly access: 'read' | 'write';
  /** @default worker and jupyter */
  readonly components: DataComponent[];
}

/** Cloud Storage buckets the Dask pods may use, through Workload Identity. */
export interface DataAccess {
  readonly buckets: BucketAccess[];
}

/** One worker Deployment: `worker` itself, or an additional group merged over it. */
export interface WorkerGroup {
  /** `default` for `worker`, else the group's name. */
  readonly group: string;
  /** The Deployment name, as the chart names it. */
  readonly deploymentName: string;
  readonly values: WorkerValues;
}

/** A whole environment, validated and with every default filled in. */
export interface Environment {
  /** The file's base name: dev for environments/dev.yaml. */
  readonly name: string;
  readonly file: string;
  readonly release: string;
  readonly namespace: string;
  readonly production: boolean;
  /** Hazards the file accepts on purpose (see charts/config/hazards.ts). @default [] */
  readonly acknowledge: readonly HazardName[];
  /** Every warning is an error. @default false */
  readonly strict: boolean;
  readonly cluster?: ClusterSpec;
  readonly gitops?: GitOpsSpec;
  readonly dataAccess?: DataAccess;
  readonly dask: DaskValues;
  /** The chart's `dask.fullname`: the prefix of every object name. */
  readonly fullname: string;
  readonly workerGroups: WorkerGroup[];
}
