import { FieldPath, isPlainObject, pointerOf, valueAt } from '../config/json-path';
import { SchemaCheck } from './model-registry';

/** A path into a manifest: keys and list indexes. */
export type ObjectPath = FieldPath;

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





