// Where synth rendered what bootstrap applies, read as kustomize builds it:
// dist/bootstrap/<env>/ for the access step, dist/gitops/<env>/ for sync and destroy.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { accessFolder } from '../charts/constructs/cluster-access';
import { gitopsFolder } from '../charts/gitops/names';
import { Environment } from '../charts/config/values';
import { readRenderedFolder } from '../charts/rendered-folder';
import { RenderedFolder, renderEnvironments } from '../charts/render';
import { StepContext } from './context';
import { ManifestObject } from './kube-client';

export function accessDir(distRoot: string, environmentName: string): string {
  return join(distRoot, accessFolder(environmentName));
}

export function gitopsDir(distRoot: string, environmentName: string): string {
  return join(distRoot, gitopsFolder(environmentName));
}

/** The objects of a rendered folder, in its kustomization.yaml's order: exactly what review saw. */
export function readDistFolder(dir: string): ManifestObject[] {
  if (!existsSync(dir)) {
    throw new UsageError(`${dir} not found: render it with \`npm run synth\` first (or point --dist at the folder synth renders into)`);
  }
  const objects = readRenderedFolder(dir).map((read) => read.object);
  if (objects.length === 0) throw new UsageError(`${dir} holds no Kubernetes objects: render them with \`npm run synth\``);
  return objects;
}

// `all` checks both dist/bootstrap and dist/gitops: render the environment once per run.
const renders = new WeakMap<Environment, RenderedFolder[]>();

function renderedNow(env: Environment): RenderedFolder[] {
  let folders = renders.get(env);
  if (folders === undefined) {
    folders = renderEnvironments([env]);
    renders.set(env, folders);
  }
  return folders;
}

/**
 * Why the folder on disk is not what the environment file renders now (an edit not
 * yet re-rendered and reviewed), or undefined when it is. Bootstrap applies only
 * reviewed files, and must not apply stale ones while the other steps read the edit.
 */
export function staleReason(env: Environment, distRoot: string, folder: string): string | undefined {
  const rendered = renderedNow(env).find((candidate) => candidate.folder === folder);
  if (rendered === undefined) return undefined;
  const dir = join(distRoot, folder);
  for (const [name, content] of rendered.files) {
    const path = join(dir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
      return `${dir}/${name} is not what ${env.file} renders now: run \`npm run synth\`, review and commit dist/, then re-run`;
    }
  }
  return undefined;
}

/** Warns under --plan, refuses otherwise, when the folder is stale (see staleReason). */
export function refuseStale(ctx: StepContext, folder: string): void {
  const reason = staleReason(ctx.env, ctx.deps.distRoot, folder);
  if (reason === undefined) return;
  if (!ctx.plan) throw new UsageError(reason);
  ctx.out.line(`warning: ${reason}`);
}
