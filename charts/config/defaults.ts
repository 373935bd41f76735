// The one place defaults live. The `dask` part is the chart's values.yaml
// (dask/helm-chart), with the images the project pins.

export const DASK_IMAGE_TAG = '2025.11.0';

/** The chart's default password hash, for the password `dask`. */
export const DEFAULT_JUPYTER_PASSWORD_HASH = 'sha1:aae8550c0a44:9507d45e087d5ee481a5ce9f4f16f37a0867318c';

export const ENVIRONMENT_DEFAULTS = {
  release: 'dask',
  production: false,
  acknowledge: [],
  strict: false,
};

export const CLUSTER_DEFAULTS = {
  machineType: 'n1-standard-4',
  nodeCount: 2,
  diskSizeGb: 100,
  releaseChannel: 'REGULAR',
  workloadIdentity: true,
  admins: [],
};

export const WORKER_POOL_DEFAULTS = {
  name: 'dask-workers',
  machineType: 'n1-standard-4',
  spot: false,
  diskSizeGb: 100,
};

/** Who reads a bucket unless the environment says: the scheduler handles no data. */
export const BUCKET_COMPONENTS_DEFAULT = ['worker', 'jupyter'];

export const GITOPS_DEFAULTS = {
  branch: 'main',
  interval: '5m',
  timeout: '10m',
};

const monitorDefaults = {
  enabled: false,
  namespace: '',
  namespaceSelector: {},
  additionalLabels: {},
  interval: '30s',
  jobLabel: '',
  metricRelabelings: [],
};

export const DASK_DEFAULTS = {
  scheduler: {
    name: 'scheduler',
    enabled: true,
    image: { repository: 'ghcr.io/dask/dask', tag: DASK_IMAGE_TAG, pullPolicy: 'IfNotPresent', pullSecrets: null },
    replicas: 1,
    serviceType: 'ClusterIP',
    loadBalancerIP: null,
    loadBalancerSourceRanges: null,
    servicePort: 8786,
    clientNamespaces: [],
    serviceAnnotations: {},
    extraArgs: [],
    resources: {},
    tolerations: [],
    affinity: {},
    nodeSelector: {},
    securityContext: {},
    metrics: { enabled: false, serviceMonitor: { ...monitorDefaults, targetLabels: [] } },
    livenessProbe: {},
    readinessProbe: {},
  },
  webUI: {
    name: 'webui',
    servicePort: 80,
    ingress: { enabled: false, pathType: 'Prefix', tls: false, hostname: 'dask-ui.example.com', annotations: {} },
  },
  worker: {
    name: 'worker',
    image: { repository: 'ghcr.io/dask/dask', tag: DASK_IMAGE_TAG, pullPolicy: 'IfNotPresent', dask_worker: 'dask-worker', pullSecrets: null },
    replicas: 3,
    strategy: { type: 'RollingUpdate' },
    custom_scheduler_url: null,
    default_resources: { cpu: 1, memory: '4GiB' },
    env: null,
    extraArgs: [],
    resources: {},
    mounts: {},
    annotations: {},
    tolerations: [],
    affinity: {},
    nodeSelector: {},
    securityContext: {},
    portDashboard: 8790,
    metrics: { enabled: false, podMonitor: { ...monitorDefaults, podTargetLabels: [] } },
    livenessProbe: {},
    readinessProbe: {},
  },
  additional_worker_groups: [],
  jupyter: {
    name: 'jupyter',
    enabled: true,
    rbac: true,
    replicas: 1,
    image: { repository: 'ghcr.io/dask/dask-notebook', tag: DASK_IMAGE_TAG, pullPolicy: 'IfNotPresent', pullSecrets: null },
    serviceType: 'ClusterIP',
    servicePort: 80,
    loadBalancerSourceRanges: null,
    password: DEFAULT_JUPYTER_PASSWORD_HASH,
    passwordHint: 'dask',
    env: null,
    command: null,
    args: null,
    extraConfig: null,
    resources: {},
    mounts: {},
    tolerations: [],
    affinity: {},
    nodeSelector: {},
    securityContext: {},
    ingress: { enabled: false, pathType: 'Prefix', tls: false, hostname: 'dask-jupyter.example.com', annotations: {} },
    livenessProbe: {},
    readinessProbe: {},
  },
};
