// The access step: apply the reviewed cluster-admin binding for cluster.admins,
// as synth rendered it into dist/bootstrap/<env>/, and report (and, when asked,
// remove) cluster-admin bindings the environment did not render.
import { existsSync } from 'fs';
import { accessFolder, adminsBindingName } from '../../charts/constructs/cluster-access';
import { adminBindings, AdminBindings, CLUSTER_ROLE_BINDINGS, describeSubjects } from '../admin-bindings';
import { StepContext } from '../context';
import { accessDir, readDistFolder, refuseStale } from '../dist-folders';
import { describeObject, KubeTarget, ManifestObject } from '../kube-client';
import { FIELD_MANAGER } from '../kubectl';
import { approve } from '../prompt';
import { grantBuckets } from './bucket-access';
import { requireContext } from './credentials';

export async function accessStep(ctx: StepContext): Promise<void> {
  const { out } = ctx;
  const { context } = ctx.kubeTarget;
  out.heading(`access: cluster-admin for cluster.admins on ${context}`);
  const dir = accessDir(ctx.deps.distRoot, ctx.env.name);
  if (ctx.plan && !existsSync(dir)) {
    out.line(`would server-side apply the objects in ${dir}, which synth has not rendered yet (\`npm run synth\`)`);
    return;
  }
  const objects = readDistFolder(dir);
  refuseStale(ctx, accessFolder(ctx.env.name));
  out.line(`${ctx.plan ? 'would server-side apply' : 'server-side applying'} from ${dir} (field manager ${FIELD_MANAGER}):`);
  for (const object of objects) out.line(`  ${describeAccess(object)}`);
  if (ctx.plan) {
    const target = await ctx.liveTarget();
    if (target) await reportLiveAdmins(ctx, target, objects);
    else out.line(`(the cluster's own bindings are not read: the kubeconfig has no context ${context} and the cluster may not exist yet)`);
    await grantBuckets(ctx);
    return;
  }
  requireContext(ctx);
  await approve(ctx, `apply ${objects.length} object(s) to ${context}`);
  for (const line of await ctx.deps.kube.apply(objects, ctx.kubeTarget)) out.line(`  ${line}`);
  // After the apply, so that the declared admins never lose access in between.
  const found = await reportLiveAdmins(ctx, ctx.kubeTarget, objects);
  if (found && found.foreign.length > 0 && ctx.flags.removeOtherAdmins) {
    await approve(ctx, `delete ${found.foreign.length} ClusterRoleBinding(s) to cluster-admin that ${ctx.env.file} does not declare`);
    for (const line of await ctx.deps.kube.delete(found.foreign, ctx.kubeTarget, ctx.deps.timing.deleteWaitSeconds)) out.line(`  ${line}`);
  }
  await grantBuckets(ctx);
}

/**
 * Lists the cluster's cluster-admin bindings: under --plan, the rendered binding's live
 * state and any foreign one count as drift. Undefined when the cluster cannot be read.
 */
async function reportLiveAdmins(ctx: StepContext, target: KubeTarget, rendered: readonly ManifestObject[]): Promise<AdminBindings | undefined> {
  const { out } = ctx;
  let live: ManifestObject[];
  try {
    live = await ctx.deps.kube.list(CLUSTER_ROLE_BINDINGS, target);
  } catch (error) {
    out.warn(`could not list the cluster's ClusterRoleBindings, so bindings this environment did not render are not checked: ${(error as Error).message}`);
    return undefined;
  }
  const own = adminsBindingName(ctx.env.name);
  if (ctx.plan) {
    const declared = rendered.find((object) => object.metadata.name === own);
    const current = live.find((object) => object.metadata.name === own);
    if (declared && !current) ctx.drift.push(`ClusterRoleBinding ${own} is not on the cluster yet`);
    else if (declared && current && describeSubjects(current) !== describeSubjects(declared)) {
      ctx.drift.push(`ClusterRoleBinding ${own}: the cluster has cluster-admin for ${describeSubjects(current)}, dist/ declares ${describeSubjects(declared)}`);
      out.line(`  (on the cluster now: cluster-admin for ${describeSubjects(current)})`);
    }
  }
  const found = adminBindings(live, [own]);
  for (const binding of found.otherEnvironments) {
    out.line(`another environment's binding, left alone: ${describeObject(binding)}: cluster-admin for ${describeSubjects(binding)}`);
  }
  if (found.foreign.length === 0) return found;
  const verb = ctx.flags.removeOtherAdmins ? (ctx.plan ? 'would remove' : 'removing') : 'found';
  out.line(`${verb} ${found.foreign.length} ClusterRoleBinding(s) to cluster-admin that ${ctx.env.file} does not declare:`);
  for (const binding of found.foreign) {
    out.line(`  ${describeObject(binding)}: cluster-admin for ${describeSubjects(binding)}`);
    if (ctx.plan) ctx.drift.push(`${describeObject(binding)} gives cluster-admin to ${describeSubjects(binding)}, which the environment does not declare`);
  }
  if (!ctx.flags.removeOtherAdmins) {
    out.line(`  They keep their access: remove them with \`${ctx.command('access')} --remove-other-admins\` (or add their members to cluster.admins).`);
  }
  return found;
}

/** "ClusterRoleBinding dask-gitops-dev-cluster-admins: cluster-admin for User alice@example.com, Group team@example.com". */
function describeAccess(object: ManifestObject): string {
  const role = (object.roleRef as { name?: string } | undefined)?.name;
  if (role === undefined) return describeObject(object);
  // An empty list is applied too: it takes the access away from whoever had it.
  const subjects = describeSubjects(object);
  return `${describeObject(object)}: ${role} for ${subjects === 'no one' ? 'no one (cluster.admins is empty)' : subjects}`;
}
