// The credentials step: the kubeconfig context `gcloud container clusters
// get-credentials` would write, merged into the user's kubeconfig.
import { CommandFailed } from '../../charts/cli/exit';
import { StepContext } from '../context';
import type { Cluster } from '../gke-client';
import { AUTH_PLUGIN, accessOf, ClusterAccess, contextName, mergeContext, readKubeconfig, updateKubeconfig } from '../kubeconfig';

export async function credentialsStep(ctx: StepContext): Promise<void> {
  const { spec, out } = ctx;
  const file = ctx.deps.kubeconfig;
  const name = contextName(spec);
  out.heading(`credentials: context ${name} in ${file}`);
  const gke = await ctx.gke();
  const cluster = await gke.findCluster(spec);
  if (!cluster || !cluster.endpoint) {
    if (ctx.plan) {
      out.line(`would write context ${name} once the cluster is running (its endpoint and CA are not known before)`);
      return;
    }
    if (!cluster) throw new CommandFailed(`cluster ${spec.name} does not exist: run \`${ctx.command('cluster')}\` first`);
  }
  const access = accessOf(cluster as Cluster);
  if (ctx.plan) {
    const text = readKubeconfig(file);
    out.line(mergeContext(text, file, name, access) === text
      ? `context ${name} is already up to date`
      : `would write context ${name} (server ${access.server}, credentials from ${AUTH_PLUGIN}) and make it current`);
    return;
  }
  const changed = await writeCredentials(file, name, access);
  out.line(changed
    ? `wrote context ${name} (server ${access.server}, credentials from ${AUTH_PLUGIN}) and made it current`
    : `context ${name} is already up to date`);
}

/** Merges the context into the kubeconfig; false when it was already there as is. */
export async function writeCredentials(file: string, name: string, access: ClusterAccess): Promise<boolean> {
  return updateKubeconfig(file, (text) => {
    const next = mergeContext(text, file, name, access);
    return next === text ? undefined : next;
  });
}

/** Steps that talk to the cluster need the context; say how to get it rather than let kubectl fail. */
export function requireContext(ctx: StepContext): void {
  const { kubeconfig, context } = ctx.kubeTarget;
  if (!ctx.kubeconfigHasContext()) {
    throw new CommandFailed(`the kubeconfig ${kubeconfig} has no context ${context}: run \`${ctx.command('credentials')}\` first`);
  }
}
