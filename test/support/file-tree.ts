import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/** Every file under `dir`, by relative path, with its content: for before/after comparisons. */
export function fileTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}
