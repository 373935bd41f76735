// The access step: apply the ClusterRoleBinding for cluster.admins.
import { accessObjects } from '../access';
import { StepContext } from '../context';
import { describeObject, ManifestObject } from '../kube-client';
import { FIELD_MANAGER } from '../kubectl';
import { approve } from '../prompt';
import { requireContext } from './credentials';

export async function accessStep(ctx: StepContext): Promise<void> {
  const { out } = ctx;
  const { context } = ctx.kubeTarget;
  out.heading(`access: cluster-admin for cluster.admins on ${context}`);
  const objects = accessObjects(ctx.env);
  if (objects.length === 0) {
    out.line(`cluster.admins is empty in ${ctx.env.file}: nothing to apply`);
    return;
  }
  out.line(`${ctx.plan ? 'would server-side apply' : 'server-side applying'} (field manager ${FIELD_MANAGER}):`);
  for (const object of objects) out.line(`  ${describeAccess(object)}`);
  if (ctx.plan) return;
  requireContext(ctx);
  await approve(ctx, `apply ${objects.length} object(s) to ${context}`);
  for (const line of await ctx.deps.kube.apply(objects, ctx.kubeTarget)) out.line(`  ${line}`);
}

function describeAccess(object: ManifestObject): string {
  const subjects = (object.subjects as { name: string }[] | undefined ?? []).map((subject) => subject.name);
  const role = (object.roleRef as { name?: string } | undefined)?.name;
  return `${describeObject(object)}: ${role ?? '?'} for ${subjects.join(', ')}`;
}
