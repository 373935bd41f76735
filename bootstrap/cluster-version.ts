// Which Kubernetes version GKE will create the cluster with, worked out as GKE
// does from cluster.version and the release channel's versions (GetServerConfig),
// so the plan says it before anything is created.
import { CommandFailed, EXIT_INPUT } from '../charts/cli/exit';
import { ClusterSpec } from '../charts/config/values';
import type { ServerConfig } from './gke-client';

/** 1.32.4-gke.1000 -> [1, 32, 4, 1000], for ordering versions as numbers, not text. */
function versionParts(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

function newer(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  }
  return 0;
}

/** Does `version` fall under what the user wrote: 1.32 covers 1.32.4-gke.1000; 1.32.4 covers its gke.N builds. */
function matches(declared: string, version: string): boolean {
  return version === declared || version.startsWith(`${declared}.`) || version.startsWith(`${declared}-`);
}

/** One line for the plan: the version GKE will run, and why. Throws when the channel does not offer the declared one. */
export function describeVersion(spec: ClusterSpec, config: ServerConfig): string {
  const channel = (config.channels ?? []).find((candidate) => String(candidate.channel) === spec.releaseChannel);
  const offered = [...(channel?.validVersions ?? [])].sort((a, b) => newer(b, a));
  const after = `; the ${spec.releaseChannel} channel upgrades it after creation`;
  if (!channel || offered.length === 0) {
    return `${spec.version ?? 'the channel default'} (GKE did not list the ${spec.releaseChannel} channel's versions for ${spec.location}${after})`;
  }
  if (spec.version === undefined) return `${channel.defaultVersion ?? offered[0]} (the ${spec.releaseChannel} channel's default${after})`;
  if (spec.version === 'latest') return `${offered[0]} (latest: the newest the ${spec.releaseChannel} channel offers in ${spec.location} now${after})`;
  const version = spec.version;
  const found = offered.find((candidate) => matches(version, candidate));
  if (found === undefined) {
    throw new CommandFailed(
      `cluster.version ${version} is not offered by the ${spec.releaseChannel} release channel in ${spec.location}; `
      + `it offers ${offered.join(', ')}. Choose one of those (or latest), or another releaseChannel.`,
      EXIT_INPUT,
    );
  }
  return `${found} (the newest ${version} the ${spec.releaseChannel} channel offers${after})`;
}
