// Compares an existing cluster with the environment. Bootstrap never changes a
// cluster that exists; it says how the two differ so the user can decide.
import { ClusterSpec } from '../charts/config/values';
import { DEFAULT_POOL_NAME } from './cluster-request';
import type { Cluster, NodePool } from './gke-client';
import { describeCounts, LiveNodeCounts, matchesPerZone } from './live-nodes';

export interface Difference {
  readonly field: string;
  readonly cluster: string;
  readonly environment: string;
}

export function formatDifference(difference: Difference): string {
  return `${difference.field}: the cluster has ${difference.cluster}, the environment declares ${difference.environment}`;
}

/**
 * `live` holds the nodes counted in the cluster: with it, a resize shows as a nodeCount
 * difference; without it (the cluster did not answer) the pool's initialNodeCount stands in.
 */
export interface CompareOptions {
  /** The environment renders NetworkPolicies (production): a cluster that does not enforce them differs. @default false */
  readonly networkPolicies?: boolean;
}

export function clusterDifferences(spec: ClusterSpec, cluster: Cluster, live?: LiveNodeCounts, options: CompareOptions = {}): Difference[] {
  const differences: Difference[] = [];
  const compare = (field: string, actual: unknown, declared: unknown): void => {
    const clusterValue = show(actual);
    const environmentValue = show(declared);
    if (clusterValue !== environmentValue) differences.push({ field, cluster: clusterValue, environment: environmentValue });
  };
  const pools = cluster.nodePools ?? [];
  const workerPoolName = spec.workerPool?.name;
  const main = pools.find((pool) => pool.name === DEFAULT_POOL_NAME) ?? pools.find((pool) => pool.name !== workerPoolName);

  compare('releaseChannel', channelOf(cluster), spec.releaseChannel);
  compare('workloadIdentity', Boolean(cluster.workloadIdentityConfig?.workloadPool), spec.workloadIdentity);
  const groups = cluster.authenticatorGroupsConfig;
  compare('securityGroup (Google Groups for RBAC)', groups?.enabled ? groups.securityGroup : undefined, spec.securityGroup);
  // Without it the NetworkPolicies production renders are accepted and do nothing.
  if (options.networkPolicies) compare('network policy enforcement', enforcesNetworkPolicy(cluster) ? 'on' : 'off', 'on');
  if (main) {
    const prefix = `node pool ${main.name}`;
    compare(`${prefix} machineType`, main.config?.machineType, spec.machineType);
    if (live) {
      const zones = live.get(main.name ?? '');
      if (!matchesPerZone(zones, spec.nodeCount)) {
        differences.push({ field: `${prefix} nodeCount`, cluster: `${describeCounts(zones)} running node(s)`, environment: String(spec.nodeCount) });
      }
    } else {
      // GKE's NodePool keeps its creation count through a resize: only the nodes show one.
      compare(`${prefix} nodeCount (as created; live nodes not counted)`, main.initialNodeCount, spec.nodeCount);
    }
    compare(`${prefix} diskSizeGb`, main.config?.diskSizeGb, spec.diskSizeGb);
    compare(`${prefix} serviceAccount`, nodeAccountOf(main), spec.nodeServiceAccount ?? 'default');
  } else {
    differences.push({ field: 'node pools', cluster: 'none', environment: `a pool of ${spec.nodeCount} ${spec.machineType} nodes` });
  }

  const declaredPool = spec.workerPool;
  const workerPool = declaredPool ? pools.find((pool) => pool.name === declaredPool.name) : undefined;
  if (declaredPool && !workerPool) {
    differences.push({ field: `node pool ${declaredPool.name}`, cluster: 'no such pool', environment: 'a worker pool' });
  } else if (declaredPool && workerPool) {
    const prefix = `node pool ${declaredPool.name}`;
    compare(`${prefix} machineType`, workerPool.config?.machineType, declaredPool.machineType);
    compare(`${prefix} autoscaling`, autoscalingOf(workerPool), `${declaredPool.minNodes}-${declaredPool.maxNodes} nodes`);
    compare(`${prefix} spot`, Boolean(workerPool.config?.spot), declaredPool.spot);
    compare(`${prefix} diskSizeGb`, workerPool.config?.diskSizeGb, declaredPool.diskSizeGb);
    compare(`${prefix} serviceAccount`, nodeAccountOf(workerPool), spec.nodeServiceAccount ?? 'default');
  }
  for (const pool of pools) {
    if (pool !== main && pool !== workerPool) {
      differences.push({ field: `node pool ${pool.name ?? '?'}`, cluster: 'this pool', environment: 'no such pool' });
    }
  }
  return differences;
}

/** GKE reports the Compute Engine default account as "default". */
function nodeAccountOf(pool: NodePool): string {
  return pool.config?.serviceAccount || 'default';
}

/** Dataplane V2 enforces NetworkPolicy; so does the older Calico add-on. */
function enforcesNetworkPolicy(cluster: Cluster): boolean {
  return String(cluster.networkConfig?.datapathProvider) === 'ADVANCED_DATAPATH' || Boolean(cluster.networkPolicy?.enabled);
}

function channelOf(cluster: Cluster): string {
  const channel = cluster.releaseChannel?.channel;
  return !channel || channel === 'UNSPECIFIED' ? 'no release channel' : String(channel);
}

function autoscalingOf(pool: NodePool): string {
  const autoscaling = pool.autoscaling;
  return autoscaling?.enabled ? `${autoscaling.minNodeCount ?? 0}-${autoscaling.maxNodeCount ?? 0} nodes` : 'no autoscaling';
}

function show(value: unknown): string {
  return value === undefined || value === null ? '(unset)' : String(value);
}
