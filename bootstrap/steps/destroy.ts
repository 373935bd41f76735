// The destroy step, the tutorial's last: GitOps objects first, so their
// controller prunes the workload (and the cloud load balancers and disks it
// holds), then the cluster, after confirmation.
import { existsSync } from 'fs';
import { CommandFailed } from '../../charts/cli/exit';
import { StepContext } from '../context';
import { gitopsDir, readDistFolder } from '../dist-folders';
import { CRD_RESOURCE, deletionOrder, toolName } from '../gitops-objects';
import type { Cluster } from '../gke-client';
import { accessOf, contextName, removeContext, updateKubeconfig } from '../kubeconfig';
import { describeObject, ManifestObject } from '../kube-client';
import { waitForOperation } from '../operations';
import { approveByTyping } from '../prompt';
import { describeGrant } from '../bucket-grants';
import { plannedRevocations, revokeBuckets } from './bucket-access';
import { describeOperation } from './cluster';
import { writeCredentials } from './credentials';
import { missingRequirements } from './sync';

// A cluster in these states may not answer kubectl; its objects go with it.
const API_ANSWERS = new Set(['RUNNING', 'RECONCILING', 'DEGRADED']);

export async function destroyStep(ctx: StepContext): Promise<void> {
  const { spec, out, env } = ctx;
  out.heading(`destroy: ${spec.name} in project ${spec.project}, ${spec.location}`);
  const gke = await ctx.gke();

  const deleting = (await gke.runningOperations(spec)).find((operation) => operation.operationType === 'DELETE_CLUSTER');
  if (deleting) {
    if (ctx.plan) {
      out.line(`${describeOperation(deleting)} is running: would wait on it`);
      return;
    }
    out.line(`resuming: ${describeOperation(deleting)} is still running; waiting on it`);
    await waitForOperation(gke, spec, deleting, ctx.waitOptions());
    await forgetCredentials(ctx);
    out.line(`cluster ${spec.name} deleted`);
    return;
  }

  const cluster = await gke.findCluster(spec);
  if (!cluster) {
    out.line(`cluster ${spec.name} does not exist: nothing to destroy${env.dataAccess ? ' but the bucket grants' : ''}`);
    // Grants outlive the cluster (they name the project's identity pool): take them back anyway.
    await revokeBuckets(ctx);
    if (!ctx.plan) await forgetCredentials(ctx);
    return;
  }
  const dir = gitopsDir(ctx.deps.distRoot, env.name);
  let objects: ManifestObject[] = [];
  if (env.gitops && ctx.plan && !existsSync(dir)) {
    out.line(`would first delete the GitOps objects in ${dir}, which synth has not rendered yet (\`npm run synth\`)`);
  } else if (env.gitops) {
    // Without them the workload's load balancers and disks would outlive the cluster: refuse rather than guess.
    objects = deletionOrder(readDistFolder(dir));
  }
  out.line(ctx.plan ? 'would delete, in this order:' : 'deleting, in this order:');
  for (const object of objects) out.line(`  ${describeObject(object)}`);
  const revocations = await plannedRevocations(ctx);
  for (const { changes } of revocations?.buckets ?? []) {
    for (const grant of changes.remove) out.line(`  grant ${describeGrant(grant, env.namespace)}`);
  }
  out.line(`  GKE cluster ${spec.name} (status ${String(cluster.status)}), with its nodes and disks`);
  if (ctx.plan) return;

  await approveByTyping(ctx, `Delete ${objects.length > 0 ? 'the GitOps objects above (their controller prunes the workload) and then ' : ''}`
    + `GKE cluster ${spec.name} in ${spec.project}/${spec.location}`, spec.name);
  if (objects.length > 0) await removeGitOpsObjects(ctx, cluster, objects);
  // After the workload is gone, before the cluster: a failure here leaves the cluster to retry with.
  if (revocations) await revokeBuckets(ctx, revocations);

  // Another operation (an upgrade, a repair) would make GKE refuse the delete.
  for (const operation of await gke.runningOperations(spec)) {
    out.line(`waiting for ${describeOperation(operation)} to finish before deleting`);
    await waitForOperation(gke, spec, operation, ctx.waitOptions());
  }
  const operation = await gke.deleteCluster(spec);
  if (operation) {
    out.line(`started ${describeOperation(operation)}`);
    await waitForOperation(gke, spec, operation, ctx.waitOptions());
  }
  await forgetCredentials(ctx);
  out.line(`cluster ${spec.name} deleted`);
}

async function removeGitOpsObjects(ctx: StepContext, cluster: Cluster, objects: ManifestObject[]): Promise<void> {
  const { out, env } = ctx;
  const status = String(cluster.status ?? '');
  if (!API_ANSWERS.has(status)) {
    out.warn(`cluster is ${status}: its API may not answer, so the GitOps objects go with the cluster`);
    return;
  }
  const { kubeconfig, context } = ctx.kubeTarget;
  if (!ctx.kubeconfigHasContext()) {
    await writeCredentials(kubeconfig, context, accessOf(cluster));
    out.line(`wrote context ${context} to reach the cluster`);
  }
  // Without the CRDs there is nothing of these kinds to delete (and kubectl would stop on the unknown kinds).
  const missing = await missingRequirements(ctx, objects);
  if (missing.some((requirement) => requirement.ref.resource === CRD_RESOURCE)) {
    out.line(`${toolName(env.gitops?.tool ?? 'flux')} is not installed: no GitOps objects to remove`);
    return;
  }
  out.line(`removing the GitOps objects and waiting up to ${ctx.deps.timing.deleteWaitSeconds}s for the controller to prune the workload`);
  try {
    for (const line of await ctx.deps.kube.delete(objects, ctx.kubeTarget, ctx.deps.timing.deleteWaitSeconds)) out.line(`  ${line}`);
  } catch (error) {
    if (error instanceof CommandFailed) {
      throw new CommandFailed(`${error.message}\n  The cluster was NOT deleted. Fix the above and re-run \`${ctx.command('destroy')}\`.`);
    }
    throw error;
  }
}

/** As gcloud does on delete: the context would only point at a cluster that is gone. */
async function forgetCredentials(ctx: StepContext): Promise<void> {
  const file = ctx.deps.kubeconfig;
  const name = contextName(ctx.spec);
  if (await updateKubeconfig(file, (text) => removeContext(text, file, name))) ctx.out.line(`removed context ${name} from ${file}`);
}
