// The access step: apply the reviewed cluster-admin binding for cluster.admins,
// as synth rendered it into dist/bootstrap/<env>/.
import { existsSync } from 'fs';
import { StepContext } from '../context';
import { accessFolder } from '../../charts/constructs/cluster-access';
import { accessDir, readDistFolder, refuseStale } from '../dist-folders';
import { describeObject, ManifestObject } from '../kube-client';
import { FIELD_MANAGER } from '../kubectl';
import { approve } from '../prompt';
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
  if (ctx.plan) return;
  requireContext(ctx);
  await approve(ctx, `apply ${objects.length} object(s) to ${context}`);
  for (const line of await ctx.deps.kube.apply(objects, ctx.kubeTarget)) out.line(`  ${line}`);
}

/** "ClusterRoleBinding dask-gitops-dev-cluster-admins: cluster-admin for alice@example.com". */
function describeAccess(object: ManifestObject): string {
  const role = (object.roleRef as { name?: string } | undefined)?.name;
  if (role === undefined) return describeObject(object);
  const subjects = (object.subjects as { name: string }[] | undefined ?? []).map((subject) => subject.name);
  // An empty list is applied too: it takes the access away from whoever had it.
  return `${describeObject(object)}: ${role} for ${subjects.length > 0 ? subjects.join(', ') : 'no one (cluster.admins is empty)'}`;
}
