import { isPlainObject } from './config/json-path';
import { Problem } from './config/errors';
import { LoadedEnvironment } from './config/load-environment';
import { environmentFolders, RenderedFolder } from './render';

/**
 * The most a rendered object may weigh. etcd refuses requests over 1.5 MiB (its
 * default --max-request-bytes), and the API server and controllers copy objects
 * around (Flux's inventory, Argo CD's cache), so stay well under it.
 */
const MAX_OBJECT_BYTES = 1024 * 1024;

/**
 * Every rendered file (one object each) within MAX_OBJECT_BYTES; an object over it
 * is reported at the value of the environment file that makes it big.
 */
export function checkRenderedSizes(folders: readonly RenderedFolder[], loaded: readonly LoadedEnvironment[]): Problem[] {
  const problems: Problem[] = [];
  const owners = new Map(loaded.flatMap((owner) => environmentFolders(owner.environment.name).map((folder) => [folder, owner] as const)));
  for (const folder of folders) {
    const owner = owners.get(folder.folder);
    if (owner === undefined) continue;
    for (const [name, content] of folder.files) {
      const bytes = Buffer.byteLength(content);
      if (bytes <= MAX_OBJECT_BYTES) continue;
      const culprit = largestValue(owner.source.data);
      const what = `renders dist/${folder.folder}/${name} of ${mib(bytes)}, over the ${mib(MAX_OBJECT_BYTES)} this tool allows per object (etcd stores at most 1.5 MiB)`;
      const message = culprit.path.length === 0 ? what : `${what}; this value is ${mib(culprit.bytes)} of it: move large data into a ConfigMap, a volume or the image`;
      problems.push(owner.source.problem(culprit.path, message));
    }
  }
  return problems;
}

/** Follows the biggest child down while it holds at least half of its parent: the value that makes the file big. */
function largestValue(data: unknown): { path: (string | number)[]; bytes: number } {
  let node = data;
  const path: (string | number)[] = [];
  let bytes = sizeOf(node);
  for (;;) {
    const children: [string | number, unknown][] = Array.isArray(node) ? node.map((value, index) => [index, value]) : isPlainObject(node) ? Object.entries(node) : [];
    let best: [string | number, unknown, number] | undefined;
    for (const [key, value] of children) {
      const size = sizeOf(value);
      if (best === undefined || size > best[2]) best = [key, value, size];
    }
    if (best === undefined || best[2] * 2 < bytes) return { path, bytes };
    path.push(best[0]);
    node = best[1];
    bytes = best[2];
  }
}

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
