import { existsSync, readdirSync } from 'fs';
import { join, relative } from 'path';
import { UsageError } from '../cli/exit';

/** Environment files: every *.yaml (or *.yml) in the folder, by environment name. */
export function environmentFiles(environmentsDir: string): Map<string, string> {
  if (!existsSync(environmentsDir)) throw new UsageError(`no environments folder at ${environmentsDir}`);
  const files = readdirSync(environmentsDir).filter((file) => /\.ya?ml$/.test(file)).sort();
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = file.replace(/\.ya?ml$/, '');
    const other = byName.get(name);
    if (other !== undefined) throw new UsageError(`${other} and ${shortPath(join(environmentsDir, file))} both define the environment "${name}": keep one`);
    byName.set(name, shortPath(join(environmentsDir, file)));
  }
  return byName;
}

/** The file of `--env <name>`; one message for a typo, whichever command was given it. */
export function environmentFile(available: ReadonlyMap<string, string>, name: string): string {
  const file = available.get(name);
  if (file === undefined) {
    throw new UsageError(`'--env' ${JSON.stringify(name)}: no such environment; available: ${[...available.keys()].join(', ') || '(none)'}`);
  }
  return file;
}

/** Paths in messages relative to the working directory, as a user would type them. */
function shortPath(path: string): string {
  const short = relative(process.cwd(), path);
  return short.startsWith('..') ? path : short;
}
