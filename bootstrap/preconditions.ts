// What `all` checks before its first change, so that it does not create a cluster
// and then stop on something it could have seen at the start.
import { existsSync } from 'fs';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { findProgram } from '../charts/cli/find-program';
import { accessFolder } from '../charts/constructs/cluster-access';
import { pinnedRelease } from '../charts/gitops/controller-versions';
import { gitopsFolder } from '../charts/gitops/names';
import { StepContext } from './context';
import { accessDir, gitopsDir, readDistFolder, staleReason } from './dist-folders';
import type { Requirement } from './gitops-objects';
import { AUTH_PLUGIN } from './kubeconfig';
import { controllersMissing, missingRequirements } from './steps/sync';

const TOOLS: Record<string, string> = {
  kubectl: 'gcloud components install kubectl (or your system\'s package)',
  [AUTH_PLUGIN]: `gcloud components install ${AUTH_PLUGIN} (or apt-get install google-cloud-cli-gke-gcloud-auth-plugin)`,
};

/** Every problem that would stop a later step of `all`, each with its fix. */
function preconditionProblems(ctx: StepContext): string[] {
  const { env, deps } = ctx;
  const problems: string[] = [];
  const folders = [{ folder: accessFolder(env.name), dir: accessDir(deps.distRoot, env.name) }];
  if (env.gitops) folders.push({ folder: gitopsFolder(env.name), dir: gitopsDir(deps.distRoot, env.name) });
  for (const { folder, dir } of folders) {
    if (!existsSync(dir)) problems.push(`${dir} not found: render it with \`npm run synth\` (or point --dist at the folder synth renders into)`);
    else {
      const stale = staleReason(env, deps.distRoot, folder);
      if (stale) problems.push(stale);
    }
  }
  const find = deps.findProgram ?? ((name: string) => findProgram(name));
  for (const [tool, install] of Object.entries(TOOLS)) {
    if (find(tool) === undefined) problems.push(`${tool} is not on PATH: install it with ${install}`);
  }
  return problems;
}

/**
 * On a cluster the kubeconfig already reaches: the GitOps controller sync needs. (A new
 * cluster cannot have it yet; a cluster that does not answer is the later steps' to report.)
 */
async function controllerProblems(ctx: StepContext): Promise<string[]> {
  const { env, deps } = ctx;
  const dir = gitopsDir(deps.distRoot, env.name);
  if (!env.gitops || !existsSync(dir) || !ctx.kubeconfigHasContext()) return [];
  const objects = readDistFolder(dir);
  let missing: Requirement[];
  try {
    missing = await missingRequirements(ctx, objects);
  } catch (error) {
    if (error instanceof CommandFailed) return [];
    throw error;
  }
  return missing.length === 0 ? [] : [controllersMissing(ctx, pinnedRelease(env.gitops), missing)];
}

/** Refuses to start `all` (under --plan, warns) when a later step could not finish. */
export async function checkPreconditions(ctx: StepContext): Promise<void> {
  const problems = preconditionProblems(ctx);
  if (!ctx.plan) problems.push(...await controllerProblems(ctx));
  if (problems.length === 0) return;
  if (ctx.plan) {
    for (const problem of problems) ctx.out.warn(`a run would stop before its first change: ${problem}`);
    return;
  }
  throw new UsageError(`nothing was changed; fix these first:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
}
