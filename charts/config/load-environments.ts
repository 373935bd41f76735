import { checkAcrossEnvironments } from './check-across-environments';
import { environmentFile, environmentFiles } from './environment-files';
import { InputError, Problem } from './errors';
import { LoadedEnvironment, loadEnvironmentFile } from './load-environment';

export interface EnvironmentSelection {
  /** The environments wanted; every file is still loaded and checked. @default all */
  readonly envs: readonly string[];
  readonly environmentsDir: string;
}

/**
 * The one loading path of the commands: every environment file in the folder is
 * read and checked, on its own and against the others (a namespace shared on one
 * cluster), even when only some are wanted, because an environment that is not
 * rendered still deploys next to the ones that are. Every problem of every file is
 * reported together. Returns the wanted environments, in name order.
 */
export function loadEnvironments(selection: EnvironmentSelection): LoadedEnvironment[] {
  const available = environmentFiles(selection.environmentsDir);
  // An unknown name is refused first, listing the known ones.
  for (const name of selection.envs) environmentFile(available, name);
  const wanted = new Set(selection.envs);
  const problems: Problem[] = [];
  const loaded: LoadedEnvironment[] = [];
  for (const file of available.values()) {
    try {
      loaded.push(loadEnvironmentFile(file));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...checkAcrossEnvironments(loaded));
  if (problems.length > 0) throw new InputError(problems);
  return loaded.filter(({ environment }) => wanted.size === 0 || wanted.has(environment.name));
}
