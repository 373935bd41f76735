// Paths into YAML/JSON data, shared by the environment loader and the dist/ validator,
// so that both name a field the same way.

/** A path into data: keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** `dask.worker.replicas`, `containers[0].name`; odd keys quoted: `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(top level)' : out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined where the data has no such key or index. */
export function valueAt(data: unknown, path: FieldPath): unknown {
  let node = data;
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(node) : !isPlainObject(node)) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** RFC 6901, as ajv spells an instancePath. */
export function pointerOf(path: FieldPath): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The inverse of pointerOf, reading `data` to tell list indexes from keys that look like numbers. */
export function pathOf(data: unknown, pointer: string): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const part = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(part);
    node = valueAt(node, [part]);
  }
  return path;
}

/** "an integer", "a mapping", "a list": a schema type as a message names it. */
export function withArticle(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * The inverse of formatPath: `dask.worker.resources`, `dask.additional_worker_groups[0].name`,
 * `nodeSelector["cloud.google.com/gke-nodepool"]`. Undefined when the text is not a path.
 */
export function parsePath(text: string): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  const token = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match || (at === 0 && text[0] === '.') || (at > 0 && match[1] !== undefined && text[at] !== '.')) return undefined;
    path.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]) as string)));
    at = token.lastIndex;
  }
  return path;
}
