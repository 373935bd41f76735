// Where synth rendered what bootstrap applies, read as kustomize builds it:
// dist/bootstrap/<env>/ for the access step, dist/gitops/<env>/ for sync and destroy.
import { existsSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { accessFolder } from '../charts/constructs/cluster-access';
import { gitopsFolder } from '../charts/gitops/names';
import { readRenderedFolder } from '../charts/rendered-folder';
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
