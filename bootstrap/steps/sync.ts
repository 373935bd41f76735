// The sync step: hand the environment to its GitOps controller by applying the
// rendered Flux or Argo CD objects, once the controller is known to be there.
import { existsSync } from 'fs';
import { CommandFailed } from '../../charts/cli/exit';
import { GitOpsSpec } from '../../charts/config/values';
import { StepContext } from '../context';
import { gitopsFolder } from '../../charts/gitops/names';
import { gitopsDir, readDistFolder, refuseStale } from '../dist-folders';
import { installCommands, Requirement, requirementsOf, toolName } from '../gitops-objects';
import { describeObject, ManifestObject } from '../kube-client';
import { FIELD_MANAGER } from '../kubectl';
import { approve } from '../prompt';
import { requireContext } from './credentials';

export async function syncStep(ctx: StepContext): Promise<void> {
  const { out, env } = ctx;
  const { context } = ctx.kubeTarget;
  out.heading(`sync: GitOps objects on ${context}`);
  if (!env.gitops) {
    out.line(`${env.file} has no gitops: section: nothing to sync`);
    return;
  }
  const dir = gitopsDir(ctx.deps.distRoot, env.name);
  if (ctx.plan && !existsSync(dir)) {
    out.line(`would server-side apply the objects in ${dir}, which synth has not rendered yet (\`npm run synth\`)`);
    return;
  }
  const objects = readDistFolder(dir);
  refuseStale(ctx, gitopsFolder(env.name));
  out.line(`${ctx.plan ? 'would server-side apply' : 'server-side applying'} from ${dir} (field manager ${FIELD_MANAGER}):`);
  for (const object of objects) out.line(`  ${describeObject(object)}`);
  if (ctx.plan) return;
  requireContext(ctx);
  await ensureControllers(ctx, env.gitops.tool, objects);
  await approve(ctx, `apply ${objects.length} GitOps object(s) to ${context}`);
  for (const line of await ctx.deps.kube.apply(objects, ctx.kubeTarget)) out.line(`  ${line}`);
  // Argo CD has no per-Application interval: it polls (every 3 minutes by default) or takes a webhook.
  const when = env.gitops.tool === 'flux' ? `every ${env.gitops.interval}` : 'on Argo CD\'s polling or a webhook';
  out.line(`${toolName(env.gitops.tool)} now deploys ${env.gitops.repoUrl} (${env.gitops.branch}) ${when}.`);
}

/** Stops with the install commands when the tool's CRDs or controllers are missing. */
export async function ensureControllers(ctx: StepContext, tool: GitOpsSpec['tool'], objects: readonly ManifestObject[]): Promise<void> {
  const missing = await missingRequirements(ctx, objects);
  if (missing.length === 0) return;
  const { context } = ctx.kubeTarget;
  throw new CommandFailed([
    `${toolName(tool)} is not installed in ${context}: missing ${missing.map((requirement) => requirement.description).join('; ')}.`,
    `Install it, then re-run \`${ctx.command('sync')}\`:`,
    ...installCommands(tool, context).map((command) => `  ${command}`),
  ].join('\n'));
}

export async function missingRequirements(ctx: StepContext, objects: readonly ManifestObject[]): Promise<Requirement[]> {
  const missing: Requirement[] = [];
  for (const requirement of requirementsOf(objects)) {
    if (!(await ctx.deps.kube.exists(requirement.ref, ctx.kubeTarget))) missing.push(requirement);
  }
  return missing;
}
