import { LoadedEnvironment } from './load-environment';
import { Problem } from './errors';

/**
 * Rules between environments, which no single file can break on its own: two
 * environments that deploy to the same cluster must not share a namespace, or
 * their controllers would apply and prune the same objects (and the Namespace
 * itself), and removing one environment would delete the other's workloads.
 *
 * Takes environments already loaded and valid on their own, so any loading path
 * (plain files, overlays) ends in this one check.
 */
export function checkAcrossEnvironments(loaded: readonly LoadedEnvironment[]): Problem[] {
  const problems: Problem[] = [];
  const byPlace = new Map<string, LoadedEnvironment>();
  for (const each of [...loaded].sort((a, b) => compare(a.environment.name, b.environment.name))) {
    const env = each.environment;
    const place = `${clusterOf(each)}\u0000${env.namespace}`;
    const first = byPlace.get(place);
    if (first === undefined) {
      byPlace.set(place, each);
      continue;
    }
    problems.push(each.source.problem(['namespace'], `"${env.namespace}" is also the namespace of environment "${first.environment.name}" (${first.source.where(['namespace'])}) on ${describeCluster(each)}: `
      + 'two environments on one cluster would apply and prune the same objects, and removing one would delete the other\'s workloads; give each its own namespace'));
  }
  return problems;
}

/** The cluster an environment deploys to: GKE's own key, project/location/name; environments without cluster: share one. */
function clusterOf({ environment }: LoadedEnvironment): string {
  const cluster = environment.cluster;
  return cluster ? `${cluster.project}/${cluster.location}/${cluster.name}` : '';
}

function describeCluster(each: LoadedEnvironment): string {
  const cluster = clusterOf(each);
  return cluster === '' ? 'the same cluster (neither names one in cluster:)' : `the same cluster (${cluster})`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
