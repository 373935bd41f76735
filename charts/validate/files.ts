import { existsSync, readdirSync } from 'fs';
import { join, relative, sep } from 'path';

/**
 * Every file under `dir`, as paths relative to it with `/` separators, sorted.
 * Skips entries whose name starts with '.', such as synth's .synth-staging-* folders.
 */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files.sort();
}

/** The folder part of a `/`-separated relative path: `gitops/dev` for `gitops/dev/x.yaml`. */
export function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/** The name part of a `/`-separated relative path. */
export function nameOf(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
