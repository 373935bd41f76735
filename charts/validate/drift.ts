import { existsSync, readFileSync } from 'fs';
import { join, sep } from 'path';
import { generatedFolders } from '../output';
import { listFiles } from './files';

/** A file that synth would add, remove or rewrite. */
export interface FileChange {
  /** Relative to dist/, `/`-separated. */
  readonly file: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** For `changed`: the first line that differs, 1-based. */
  readonly line?: number;
}

/**
 * The files synth owns under `distDir`: everything inside its generated folders, plus
 * inside `alsoFolders` (rendered folders whose kustomization.yaml lost its header by hand).
 */
export function readGeneratedFiles(distDir: string, alsoFolders: readonly string[] = []): Map<string, Buffer> {
  const folders = new Set([...generatedFolders(distDir).map((folder) => folder.split(sep).join('/')), ...alsoFolders]);
  const files = new Map<string, Buffer>();
  for (const folder of [...folders].sort()) {
    const dir = join(distDir, folder);
    if (!existsSync(dir)) continue;
    for (const file of listFiles(dir)) files.set(`${folder}/${file}`, readFileSync(join(dir, file)));
  }
  return files;
}

/** What synth would do to turn `actual` into `expected`, file by file, sorted by path. */
export function compareFiles(expected: ReadonlyMap<string, Buffer>, actual: ReadonlyMap<string, Buffer>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [file, content] of expected) {
    const current = actual.get(file);
    if (current === undefined) changes.push({ file, change: 'added' });
    else if (!current.equals(content)) changes.push({ file, change: 'changed', line: firstDifferentLine(current.toString('utf8'), content.toString('utf8')) });
  }
  for (const file of actual.keys()) {
    if (!expected.has(file)) changes.push({ file, change: 'removed' });
  }
  return changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && line < right.length && left[line] === right[line]) line++;
  return line + 1;
}
