import { accessSync, constants, statSync } from 'fs';
import { delimiter, join } from 'path';

/** The executable `name` on PATH, as a shell would find it, else undefined. */
export function findProgram(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
