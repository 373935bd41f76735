// What bootstrap asks GKE to create, derived from the environment's cluster: section only.
import { ClusterSpec } from '../charts/config/values';
import type { Cluster, NodePool, Operation } from './gke-client';

/** The name gcloud gives a cluster's first pool; bootstrap uses it too, and compares against it. */
export const DEFAULT_POOL_NAME = 'default-pool';

const ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;

/** us-central1 is a region (nodes in each of its zones); us-central1-a a zone. */
export function isRegional(location: string): boolean {
  return !ZONE.test(location);
}

export function parentOf(spec: ClusterSpec): string {
  return `projects/${spec.project}/locations/${spec.location}`;
}

export function clusterResourceName(spec: ClusterSpec): string {
  return `${parentOf(spec)}/clusters/${spec.name}`;
}

/** GKE answers with short operation names (operation-1700000000-abcd); calls need the full one. */
export function operationResourceName(spec: ClusterSpec, operation: Operation): string {
  if (operation.name?.startsWith('projects/')) return operation.name;
  const location = operation.location || operation.zone || spec.location;
  return `projects/${spec.project}/locations/${location}/operations/${operation.name ?? ''}`;
}

/**
 * What nodes on a dedicated service account may do besides what IAM grants it: write
 * logs and metrics, and pull images (gcloud's gke-default set less the service-control,
 * service-management and trace scopes nodes do not use).
 */
const MINIMAL_NODE_SCOPES = [
  'https://www.googleapis.com/auth/devstorage.read_only',
  'https://www.googleapis.com/auth/logging.write',
  'https://www.googleapis.com/auth/monitoring',
];

/** The legacy default: access decided by IAM alone, which on the default service account is often roles/editor. */
const DEFAULT_NODE_SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

/**
 * The cluster to create. Beyond what the environment declares, only defaults that
 * cost nothing: VPC-native networking, GKE Dataplane V2 (which enforces the
 * NetworkPolicies production renders), shielded nodes, auto-repair and
 * auto-upgrade (required by release channels anyway), and, when asked for,
 * Workload Identity with the GKE metadata server on every pool.
 */
export function clusterToCreate(spec: ClusterSpec, environmentName: string): Cluster {
  const nodePools: NodePool[] = [{
    name: DEFAULT_POOL_NAME,
    initialNodeCount: spec.nodeCount,
    config: nodeConfig(spec, spec.machineType, spec.diskSizeGb, false),
    management: { autoRepair: true, autoUpgrade: true },
  }];
  const pool = spec.workerPool;
  if (pool) {
    nodePools.push({
      name: pool.name,
      initialNodeCount: pool.minNodes,
      autoscaling: { enabled: true, minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
      config: nodeConfig(spec, pool.machineType, pool.diskSizeGb, pool.spot),
      management: { autoRepair: true, autoUpgrade: true },
    });
  }
  return {
    name: spec.name,
    resourceLabels: { 'managed-by': 'dask-gitops', 'dask-gitops-environment': environmentName },
    releaseChannel: { channel: spec.releaseChannel },
    ...(spec.version ? { initialClusterVersion: spec.version } : {}),
    // Google Groups for RBAC: GKE then passes the caller's groups (members of this one) to RBAC.
    ...(spec.securityGroup ? { authenticatorGroupsConfig: { enabled: true, securityGroup: spec.securityGroup } } : {}),
    ...(spec.workloadIdentity ? { workloadIdentityConfig: { workloadPool: workloadPoolOf(spec) } } : {}),
    ipAllocationPolicy: { useIpAliases: true },
    networkConfig: { datapathProvider: 'ADVANCED_DATAPATH' },
    shieldedNodes: { enabled: true },
    nodePools,
  };
}

export function workloadPoolOf(spec: ClusterSpec): string {
  return `${spec.project}.svc.id.goog`;
}

function nodeConfig(spec: ClusterSpec, machineType: string, diskSizeGb: number, spot: boolean): NodePool['config'] {
  return {
    machineType,
    diskSizeGb,
    ...(spec.nodeServiceAccount
      ? { serviceAccount: spec.nodeServiceAccount, oauthScopes: MINIMAL_NODE_SCOPES }
      : { oauthScopes: DEFAULT_NODE_SCOPES }),
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    ...(spec.workloadIdentity ? { workloadMetadataConfig: { mode: 'GKE_METADATA' as const } } : {}),
    ...(spot ? { spot: true } : {}),
  };
}

/** The plan's description of what would be created, one fact a line. */
export function describeClusterSpec(spec: ClusterSpec): string[] {
  const regional = isRegional(spec.location);
  const perZone = regional ? ' per zone (a regional cluster runs them in each of the region\'s zones, usually 3)' : '';
  const lines = [
    `project           ${spec.project}`,
    `location          ${spec.location} (${regional ? 'region' : 'zone'})`,
    `machine type      ${spec.machineType}`,
    `node count        ${spec.nodeCount}${perZone} in ${DEFAULT_POOL_NAME}`,
    `disk size         ${spec.diskSizeGb} GB`,
    `release channel   ${spec.releaseChannel}`,
    `workload identity ${spec.workloadIdentity ? workloadPoolOf(spec) : 'off'}`,
    `google groups     ${spec.securityGroup ? `for RBAC, through ${spec.securityGroup}` : 'off (no cluster.securityGroup)'}`,
    `node account      ${spec.nodeServiceAccount ? `${spec.nodeServiceAccount} (logging, monitoring and image-pull scopes)` : 'the Compute Engine default service account (cloud-platform scope)'}`,
    'network policy    enforced (GKE Dataplane V2)',
  ];
  const pool = spec.workerPool;
  lines.push(pool
    ? `worker pool       ${pool.name}: ${pool.machineType}, autoscaling ${pool.minNodes}-${pool.maxNodes} nodes${perZone ? ' per zone' : ''}, `
      + `${pool.spot ? 'spot VMs' : 'standard VMs'}, ${pool.diskSizeGb} GB disk`
    : 'worker pool       none');
  return lines;
}
