import { checkAcrossEnvironments } from './check-across-environments';
import { environmentFile, isBaseName, yamlFiles } from './environment-files';
import { InputError, mergeProblems, Problem } from './errors';
import { EnvironmentLoader, LoadedEnvironment } from './load-environment';

export interface EnvironmentSelection {
  /** The environments wanted; every file is still loaded and checked. @default all */
  readonly envs: readonly string[];
  readonly environmentsDir: string;
}

/**
 * The one loading path of the commands: every environment file in the folder is
 * read and checked, on its own and against the others (a namespace shared on one
 * cluster), even when only some are wanted, because an environment that is not
 * rendered still deploys next to the ones that are. Each base (`_*.yaml`) is read
 * and checked once, however many environments extend it; a base nothing extends is
 * checked on its own. Every problem of every file is reported together, a problem
 * in a base once. Returns the wanted environments, in name order.
 */
export function loadEnvironments(selection: EnvironmentSelection): LoadedEnvironment[] {
  const listed = yamlFiles(selection.environmentsDir);
  const available = new Map([...listed].filter(([name]) => !isBaseName(name)));
  // An unknown name is refused first, listing the known ones.
  for (const name of selection.envs) environmentFile(available, name);
  const wanted = new Set(selection.envs);
  const loader = new EnvironmentLoader(new Map([[selection.environmentsDir, listed]]));
  const problems: Problem[] = [];
  const loaded: LoadedEnvironment[] = [];
  const collect = (load: () => void) => {
    try {
      load();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  };
  for (const file of available.values()) collect(() => loaded.push(loader.load(file)));
  for (const [name, file] of listed) {
    if (isBaseName(name) && !loader.hasRead(file)) collect(() => loader.checkBase(file));
  }
  problems.push(...checkAcrossEnvironments(loaded));
  if (problems.length > 0) throw new InputError(mergeProblems(problems));
  return loaded.filter(({ environment }) => wanted.size === 0 || wanted.has(environment.name));
}
