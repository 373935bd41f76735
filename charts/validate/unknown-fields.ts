import { SchemaCheck } from './model-registry';

/** A path into a manifest: keys and list indexes. */
export type ObjectPath = readonly (string | number)[];

// A boolean fails every schema that is not a boolean; a string fails booleans. A declared
// field rejects at least one of them, an undeclared one neither (Kubernetes schemas allow extras).
const PROBES: readonly unknown[] = [true, 'dask-gitops-probe'];
// A key no schema declares: accepted with a typed error only by a map (labels, data, limits).
const MAP_PROBE_KEY = 'dask-gitops.probe/not-a-field';

/**
 * Finds the keys of `data` that its schema does not declare (a typo, or a field of
 * another kind or API version). The compiled validators shipped with kubernetes-models
 * let extra keys through, as the API server does without strict field validation, so
 * each key is probed instead: given a value of the wrong type, a declared key makes the
 * validator complain at its path; an undeclared one does not. `data` is changed during
 * the walk and restored before returning.
 */
export function unknownFields(check: SchemaCheck, data: Record<string, unknown>): ObjectPath[] {
  const found: ObjectPath[] = [];
  // Inside a value of the wrong type (a mapping where a list belongs) every key would look unknown.
  const wrongType = new Set(check(data).filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (wrongType.has(pointerOf(path))) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (!isPlainObject(node)) return;
    const isMap = isDeclared(check, data, path, MAP_PROBE_KEY);
    for (const key of Object.keys(node)) {
      if (isMap || isDeclared(check, data, path, key)) walk(node[key], [...path, key]);
      else found.push([...path, key]);
    }
  };
  walk(data, []);
  return found;
}

/** True when the schema declares `key` in the object at `parentPath` of `data` (which must exist). */
export function isDeclared(check: SchemaCheck, data: Record<string, unknown>, parentPath: ObjectPath, key: string): boolean {
  const parent = valueAt(data, parentPath);
  if (!isPlainObject(parent)) return false;
  const pointer = pointerOf([...parentPath, key]);
  const had = Object.prototype.hasOwnProperty.call(parent, key);
  const original = parent[key];
  try {
    for (const probe of PROBES) {
      parent[key] = probe;
      if (check(data).some((error) => error.instancePath === pointer || error.instancePath.startsWith(`${pointer}/`))) return true;
    }
    return false;
  } finally {
    if (had) parent[key] = original;
    else delete parent[key];
  }
}

export function valueAt(data: unknown, path: ObjectPath): unknown {
  let node = data;
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(node) : !isPlainObject(node)) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** RFC 6901, as ajv spells an instancePath. */
export function pointerOf(path: ObjectPath): string {
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

/** `spec.template.spec.containers[0].name`; odd keys quoted: `metadata.labels["app.kubernetes.io/name"]`. */
export function formatObjectPath(path: ObjectPath): string {
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
