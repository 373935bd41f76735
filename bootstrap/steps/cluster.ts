// The cluster step: create the cluster if it is missing, resume an interrupted
// creation, and otherwise only report how the cluster differs from the environment.
import { CommandFailed } from '../../charts/cli/exit';
import { clusterDifferences, formatDifference } from '../cluster-compare';
import { clusterToCreate, describeClusterSpec } from '../cluster-request';
import { describeVersion } from '../cluster-version';
import { liveNodeCounts, LiveNodeCounts } from '../live-nodes';
import { StepContext } from '../context';
import type { Cluster, Operation } from '../gke-client';
import { waitForOperation } from '../operations';
import { approve } from '../prompt';

export async function clusterStep(ctx: StepContext): Promise<void> {
  const { spec, out } = ctx;
  out.heading(`cluster: ${spec.name} in project ${spec.project}, ${spec.location}`);
  const gke = await ctx.gke();
  const failureHint = `GKE may keep the failed cluster in the ERROR state: remove it with \`${ctx.command('destroy')}\` before trying again.`;

  const creating = (await gke.runningOperations(spec)).find((operation) => operation.operationType === 'CREATE_CLUSTER');
  if (creating) {
    if (ctx.plan) {
      out.line(`${describeOperation(creating)} is running: would wait on it rather than start another`);
      return;
    }
    out.line(`resuming: ${describeOperation(creating)} is still running; waiting on it instead of starting another`);
    await waitForOperation(gke, spec, creating, ctx.waitOptions(failureHint));
  }

  let cluster = await gke.findCluster(spec);
  if (!cluster) {
    out.line(ctx.plan ? 'the cluster does not exist: would create it with' : 'the cluster does not exist: creating it with');
    if (ctx.plan) ctx.drift.push(`cluster ${spec.name} does not exist`);
    for (const line of describeClusterSpec(spec)) out.line(`  ${line}`);
    out.line(`  version           ${describeVersion(spec, await gke.serverConfig(spec))}`);
    if (ctx.plan) return;
    await approve(ctx, `create GKE cluster ${spec.name} in ${spec.project}/${spec.location}`);
    const operation = await gke.createCluster(spec, clusterToCreate(spec, ctx.env.name));
    if (operation) {
      out.line(`started ${describeOperation(operation)}`);
      await waitForOperation(gke, spec, operation, ctx.waitOptions(failureHint));
    } else {
      // A retried create whose first try got through, or a concurrent run: wait on that one.
      out.line('GKE says the cluster already exists: an earlier request got through');
      const earlier = (await gke.runningOperations(spec)).find((running) => running.operationType === 'CREATE_CLUSTER');
      if (earlier) await waitForOperation(gke, spec, earlier, ctx.waitOptions(failureHint));
    }
    cluster = await gke.findCluster(spec);
    if (!cluster) throw new CommandFailed(`the create operation finished but GKE does not find ${spec.name}; re-run ${ctx.command('cluster')}`);
    out.line(`created: ${describeCluster(cluster)}`);
  } else {
    out.line(`the cluster exists: ${describeCluster(cluster)}`);
    const differences = clusterDifferences(spec, cluster, await liveNodes(ctx, cluster), { networkPolicies: ctx.env.production });
    ctx.drift.push(...differences.map(formatDifference));
    if (differences.length === 0) {
      out.line(ctx.plan ? 'it matches the environment: would change nothing' : 'it matches the environment: nothing to do');
    } else {
      out.line(`it differs from the environment in ${differences.length} way(s); bootstrap never changes or re-creates an existing cluster`);
      out.line('(change it with gcloud or the console, or destroy it and run the cluster step again):');
      for (const difference of differences) out.line(`  - ${formatDifference(difference)}`);
    }
  }
  checkUsable(ctx, cluster);
}

/** The nodes counted per pool and zone, or undefined (with a warning) when the cluster does not answer. */
async function liveNodes(ctx: StepContext, cluster: Cluster): Promise<LiveNodeCounts | undefined> {
  const status = String(cluster.status ?? '');
  if (!cluster.endpoint || !['RUNNING', 'RECONCILING'].includes(status)) return undefined;
  try {
    return await liveNodeCounts(ctx.deps.kube, ctx.readTarget(cluster));
  } catch (error) {
    ctx.out.warn(`could not count the cluster's nodes, so a resize would not show (comparing the count each pool was created with): ${(error as Error).message}`);
    return undefined;
  }
}

function checkUsable(ctx: StepContext, cluster: Cluster): void {
  const status = String(cluster.status ?? '');
  const why = cluster.statusMessage ? `: ${cluster.statusMessage.replace(/\.$/, '')}` : '';
  if (status === 'ERROR' || status === 'STOPPING') {
    const message = `cluster ${cluster.name ?? ''} is ${status}${why}. Bootstrap does not repair or re-create it: `
      + `inspect it in the console, or remove it with \`${ctx.command('destroy')}\` and run the cluster step again.`;
    if (ctx.plan) ctx.out.warn(message);
    else throw new CommandFailed(message);
  } else if (status !== 'RUNNING' && status !== 'RECONCILING') {
    ctx.out.warn(`cluster ${cluster.name ?? ''} is ${status}${why}; the next steps may fail until it is RUNNING`);
  }
}

export function describeOperation(operation: Operation): string {
  const since = operation.startTime ? ` (started ${operation.startTime})` : '';
  return `${String(operation.operationType ?? 'operation')} ${operation.name ?? ''}${since}`;
}

function describeCluster(cluster: Cluster): string {
  const facts = [`status ${String(cluster.status)}`];
  if (cluster.currentMasterVersion) facts.push(`version ${cluster.currentMasterVersion}`);
  if (cluster.endpoint) facts.push(`endpoint ${cluster.endpoint}`);
  if (cluster.currentNodeCount) facts.push(`${cluster.currentNodeCount} node(s)`);
  return facts.join(', ');
}
