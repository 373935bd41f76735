// How many nodes each pool has now. GKE's NodePool keeps the count it was created
// with (initialNodeCount) through a resize; the nodes themselves carry their pool
// and zone as labels, so counting them shows a resize.
import { KubeClient, KubeTarget } from './kube-client';

const NODE_POOL_LABEL = 'cloud.google.com/gke-nodepool';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Pool name -> zone -> nodes. */
export type LiveNodeCounts = ReadonlyMap<string, ReadonlyMap<string, number>>;

export async function liveNodeCounts(kube: KubeClient, target: KubeTarget): Promise<LiveNodeCounts> {
  const counts = new Map<string, Map<string, number>>();
  for (const node of await kube.list('nodes', target, NODE_POOL_LABEL)) {
    const labels = (node.metadata.labels ?? {}) as Record<string, string>;
    const pool = labels[NODE_POOL_LABEL];
    const zone = labels[ZONE_LABEL] ?? '?';
    const zones = counts.get(pool) ?? new Map<string, number>();
    zones.set(zone, (zones.get(zone) ?? 0) + 1);
    counts.set(pool, zones);
  }
  return counts;
}

/** "3" for one zone, "2 per zone (us-central1-a: 2, us-central1-b: 2)", or the uneven per-zone list. */
export function describeCounts(zones: ReadonlyMap<string, number> | undefined): string {
  if (!zones || zones.size === 0) return '0';
  const entries = [...zones.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 1) return String(entries[0][1]);
  const list = entries.map(([zone, count]) => `${zone}: ${count}`).join(', ');
  const counts = new Set(entries.map(([, count]) => count));
  return counts.size === 1 ? `${entries[0][1]} per zone (${list})` : list;
}

/** Does every zone of the pool run `perZone` nodes? */
export function matchesPerZone(zones: ReadonlyMap<string, number> | undefined, perZone: number): boolean {
  if (!zones || zones.size === 0) return perZone === 0;
  return [...zones.values()].every((count) => count === perZone);
}
