// The sync step: hand the environment to its GitOps controller by applying the
// rendered Flux or Argo CD objects, once the controller is known to be there.
import { existsSync } from 'fs';
import { join } from 'path';
import { CommandFailed } from '../../charts/cli/exit';
import {
  compareVersions, ControllerRelease, installCommands, installedVersionOf, INSTALLED_VERSION_SOURCE, pinnedRelease, releaseLabel,
} from '../../charts/gitops/controller-versions';
import { StepContext } from '../context';
import { gitopsFolder } from '../../charts/gitops/names';
import { gitopsDir, readDistFolder, refuseStale } from '../dist-folders';
import { appliedAsRendered, refOf, Requirement, requirementsOf, toolName } from '../gitops-objects';
import { describeObject, ManifestObject } from '../kube-client';
import { FIELD_MANAGER } from '../kubectl';
import { findHelmObjects, helmMoveSteps, helmReleasesInTheWay, kubernetesTooOld } from '../preflight';
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
  const release = pinnedRelease(env.gitops);
  out.line(`${ctx.plan ? 'would server-side apply' : 'server-side applying'} from ${dir} (field manager ${FIELD_MANAGER}), for ${releaseLabel(release)}:`);
  for (const object of objects) out.line(`  ${describeObject(object)}`);
  if (ctx.plan) {
    // Read once: a plan writes no kubeconfig in between.
    const reachable = ctx.kubeconfigHasContext();
    await planPreflight(ctx, release, reachable);
    if (reachable) await reportSyncDrift(ctx, objects);
    return;
  }
  requireContext(ctx);
  const stop = await preflight(ctx, release);
  if (stop) throw new CommandFailed(stop);
  await ensureControllers(ctx, release, objects);
  await approve(ctx, `apply ${objects.length} GitOps object(s) to ${context}`);
  for (const line of await ctx.deps.kube.apply(objects, ctx.kubeTarget)) out.line(`  ${line}`);
  // Argo CD has no per-Application interval: it polls (every 3 minutes by default) or takes a webhook.
  const when = env.gitops.tool === 'flux' ? `every ${env.gitops.interval}` : 'on Argo CD\'s polling or a webhook';
  out.line(`${toolName(env.gitops.tool)} now deploys ${env.gitops.repoUrl} (${env.gitops.branch}) ${when}.`);
  out.line(`Reach Jupyter, the dashboard and the scheduler: npm run connect -- --env ${env.name}`);
}

/**
 * What would stop the hand-off, read from the cluster: a Kubernetes older than the
 * pinned release supports, or a Helm release owning objects in the namespace.
 */
async function preflight(ctx: StepContext, release: ControllerRelease): Promise<string | undefined> {
  const { env } = ctx;
  const version = await ctx.deps.kube.serverVersion(ctx.kubeTarget);
  ctx.out.line(`the cluster runs Kubernetes ${version}; ${releaseLabel(release)} needs ${release.minKubernetes} or later`);
  const tooOld = kubernetesTooOld(version, release, env.file, ctx.spec.releaseChannel);
  if (tooOld) return tooOld;
  const found = await findHelmObjects(ctx.deps.kube, env.namespace, ctx.kubeTarget);
  if (found.length === 0) return undefined;
  const workload = join(ctx.deps.distRoot, env.name);
  const rendered = existsSync(workload) ? readDistFolder(workload) : [];
  const { moving, others } = helmReleasesInTheWay(found, rendered, env.release);
  for (const name of new Set(others.map((item) => item.release))) {
    ctx.out.line(`Helm release ${name} also has objects in ${env.namespace}; none is named as an object this environment renders, so ${toolName(release.tool)} leaves them alone`);
  }
  if (moving.length === 0) return undefined;
  return helmMoveSteps(moving, rendered, env.namespace, ctx.kubeTarget.context, toolName(release.tool), ctx.command('sync'));
}

/** In plan mode, the same checks when the kubeconfig reaches the cluster already (`reachable`), else what would be checked. */
async function planPreflight(ctx: StepContext, release: ControllerRelease, reachable: boolean): Promise<void> {
  if (!reachable) {
    ctx.out.line(`would first check that the cluster runs Kubernetes ${release.minKubernetes} or later (${releaseLabel(release)}) and that no Helm release owns objects in ${ctx.env.namespace}`);
    return;
  }
  let stop: string | undefined;
  try {
    stop = await preflight(ctx, release);
  } catch (error) {
    // A plan still shows what it would do when the cluster cannot be read yet.
    if (!(error instanceof CommandFailed)) throw error;
    ctx.out.line(`could not read the cluster to check its Kubernetes version and Helm releases: ${error.message}`);
    return;
  }
  if (stop) ctx.out.line(`sync would stop: ${stop}`);
}

/**
 * Under --plan, when the kubeconfig reaches the cluster: each GitOps object missing, or live
 * with a spec other than the rendered one (a hand edit, an older apply), is drift.
 */
async function reportSyncDrift(ctx: StepContext, objects: readonly ManifestObject[]): Promise<void> {
  for (const object of objects) {
    let live: ManifestObject | undefined;
    try {
      live = await ctx.deps.kube.get(refOf(object), ctx.kubeTarget);
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      if (!/doesn't have a resource type/i.test(error.message)) {
        ctx.out.line(`could not read the GitOps objects on the cluster, so they are not compared: ${error.message.split('\n')[0]}`);
        return;
      }
      // No CRD yet (the controller is not installed): nothing of this kind can be there.
      live = undefined;
    }
    if (!live) {
      ctx.out.line(`  ${describeObject(object)} is not on the cluster`);
      ctx.drift.push(`${describeObject(object)} is not on the cluster`);
    } else if (!appliedAsRendered(object.spec, live.spec)) {
      ctx.out.line(`  ${describeObject(object)} differs on the cluster from dist/ (its spec was changed there, or applied from another render)`);
      ctx.drift.push(`${describeObject(object)}: the live spec differs from dist/`);
    }
  }
}

/** Stops with the install commands of the pinned release when the tool's CRDs or controllers are missing. */
export async function ensureControllers(ctx: StepContext, release: ControllerRelease, objects: readonly ManifestObject[]): Promise<void> {
  const missing = await missingRequirements(ctx, objects);
  if (missing.length === 0) {
    await checkInstalledRelease(ctx, release);
    return;
  }
  throw new CommandFailed(controllersMissing(ctx, release, missing));
}

/** What ensureControllers stops with when `missing` (from missingRequirements) is not empty: the install commands of the pinned release. */
export function controllersMissing(ctx: StepContext, release: ControllerRelease, missing: readonly Requirement[]): string {
  const { context } = ctx.kubeTarget;
  return [
    `${toolName(release.tool)} is not installed in ${context}: missing ${missing.map((requirement) => requirement.description).join('; ')}.`,
    `Install ${releaseLabel(release)}, then re-run \`${ctx.command('sync')}\`:`,
    ...installCommands(release, context).map((command) => `  ${command}`),
  ].join('\n');
}

/**
 * An older release than the pinned one may lack fields the objects use (Flux before
 * 2.9 has no Kustomization spec.ignore), so it stops with the upgrade; a newer one
 * serves them, so it is only reported.
 */
async function checkInstalledRelease(ctx: StepContext, release: ControllerRelease): Promise<void> {
  const source = INSTALLED_VERSION_SOURCE[release.tool];
  const workload = await ctx.deps.kube.get(source, ctx.kubeTarget);
  const installed = workload ? installedVersionOf(release.tool, workload) : undefined;
  const tool = toolName(release.tool);
  if (installed === undefined) {
    ctx.out.line(`${tool} is installed; its ${source.resource.split('.')[0]} ${source.namespace}/${source.name} does not say which release, so it is not compared with ${releaseLabel(release)}`);
    return;
  }
  if (installed === release.version) {
    ctx.out.line(`${tool} ${installed} is installed, the release ${ctx.env.file} pins`);
    return;
  }
  if (compareVersions(installed, release.version) > 0) {
    ctx.out.line(`${tool} ${installed} is installed, newer than the pinned ${release.version}: to pin it, vendor its CRDs and set gitops.controllerVersion (charts/gitops/controller-versions.ts)`);
    return;
  }
  throw new CommandFailed([
    `${tool} ${installed} is installed in ${ctx.kubeTarget.context}, older than ${releaseLabel(release)}, which ${ctx.env.file} pins and its objects are written for.`,
    `Upgrade it, then re-run \`${ctx.command('sync')}\`:`,
    ...installCommands(release, ctx.kubeTarget.context).map((command) => `  ${command}`),
  ].join('\n'));
}

export async function missingRequirements(ctx: StepContext, objects: readonly ManifestObject[]): Promise<Requirement[]> {
  const missing: Requirement[] = [];
  for (const requirement of requirementsOf(objects)) {
    if (!(await ctx.deps.kube.exists(requirement.ref, ctx.kubeTarget))) missing.push(requirement);
  }
  return missing;
}
