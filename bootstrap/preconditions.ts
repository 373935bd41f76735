// What `all` checks before its first change, so that it does not create a cluster
// and then stop on something it could have seen at the start.
import { existsSync } from 'fs';
import { UsageError } from '../charts/cli/exit';
import { findProgram } from '../charts/cli/find-program';
import { accessFolder } from '../charts/constructs/cluster-access';
import { gitopsFolder } from '../charts/gitops/names';
import { StepContext } from './context';
import { accessDir, gitopsDir, staleReason } from './dist-folders';
import { AUTH_PLUGIN } from './kubeconfig';

const TOOLS: Record<string, string> = {
  kubectl: 'gcloud components install kubectl (or your system\'s package)',
  [AUTH_PLUGIN]: `gcloud components install ${AUTH_PLUGIN} (or apt-get install google-cloud-cli-gke-gcloud-auth-plugin)`,
};

/** Every problem that would stop a later step of `all`, each with its fix. */
export function preconditionProblems(ctx: StepContext): string[] {
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

/** Refuses to start `all` (under --plan, warns) when a later step could not finish. */
export function checkPreconditions(ctx: StepContext): void {
  const problems = preconditionProblems(ctx);
  if (problems.length === 0) return;
  if (ctx.plan) {
    for (const problem of problems) ctx.out.warn(`a run would stop before its first change: ${problem}`);
    return;
  }
  throw new UsageError(`nothing was changed; fix these first:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
}
