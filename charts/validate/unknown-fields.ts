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
 * keys are probed instead: given a value of the wrong type, a declared key makes the
 * validator complain at its path; an undeclared one does not.
 *
 * Kept linear for objects with 60k environment variables: the validators report
 * every error in one pass, so all keys of one depth are probed together, a few
 * validations per level of nesting rather than one per key; and the items of a
 * list share one schema, so one item per list position speaks for all (many
 * errors at once would cost more than they save: the validators concatenate
 * error arrays). `data` is changed during the walk and restored before returning.
 */
export function unknownFields(check: SchemaCheck, data: Record<string, unknown>): ObjectPath[] {
  const found: ObjectPath[] = [];
  // Inside a value of the wrong type (a mapping where a list belongs) every key would look unknown.
  const wrongType = new Set(check(data).filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  let level: ObjectAt[] = objectsWithin(data, [], wrongType);
  while (level.length > 0) {
    const groups = bySchemaPosition(level);
    const maps = probeLevel(check, data, groups.map((group) => ({ node: group.representative, keys: [MAP_PROBE_KEY] })));
    const records = groups.filter((group) => !maps.has(pointerOf([...group.representative.path, MAP_PROBE_KEY])));
    const declared = probeLevel(check, data, records.map((group) => ({ node: group.representative, keys: [...group.keys] })));
    const next: ObjectAt[] = [];
    for (const group of groups) {
      const isMap = !records.includes(group);
      for (const node of group.members) {
        for (const key of Object.keys(node.object)) {
          const path = [...node.path, key];
          if (isMap || declared.has(pointerOf([...group.representative.path, key]))) next.push(...objectsWithin(node.object[key], path, wrongType));
          else found.push(path);
        }
      }
    }
    level = next;
  }
  return inDocumentOrder(data, found);
}

/** `paths` in the order a reader meets them in the data, as the walk found them level by level. */
function inDocumentOrder(data: unknown, paths: readonly ObjectPath[]): ObjectPath[] {
  if (paths.length < 2) return [...paths];
  const wanted = new Map(paths.map((path) => [pointerOf(path), path]));
  const ordered: ObjectPath[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : isPlainObject(node) ? Object.entries(node) : [];
    for (const [key, value] of entries) {
      const child = [...path, key];
      const hit = wanted.get(pointerOf(child));
      if (hit) ordered.push(hit);
      else walk(value, child);
    }
  };
  walk(data, []);
  return ordered;
}

/** A mapping inside the data, and where. */
interface ObjectAt {
  readonly object: Record<string, unknown>;
  readonly path: (string | number)[];
}

/** Mappings at one place in the schema (their paths differ only in list indexes): one is probed for all. */
interface SchemaGroup {
  readonly representative: ObjectAt;
  readonly members: ObjectAt[];
  /** Every key any member has. */
  readonly keys: Set<string>;
}

function bySchemaPosition(level: readonly ObjectAt[]): SchemaGroup[] {
  const groups = new Map<string, SchemaGroup>();
  for (const node of level) {
    const position = pointerOf(node.path.map((part) => (typeof part === 'number' ? '*' : part)));
    let group = groups.get(position);
    if (group === undefined) {
      group = { representative: node, members: [], keys: new Set() };
      groups.set(position, group);
    }
    group.members.push(node);
    for (const key of Object.keys(node.object)) group.keys.add(key);
  }
  return [...groups.values()];
}

/** The mappings at `node` itself or, through lists, nearest below it; none inside a value of the wrong type. */
function objectsWithin(node: unknown, path: (string | number)[], wrongType: ReadonlySet<string>): ObjectAt[] {
  if (wrongType.has(pointerOf(path))) return [];
  if (Array.isArray(node)) return node.flatMap((item, index) => objectsWithin(item, [...path, index], wrongType));
  return isPlainObject(node) ? [{ object: node, path }] : [];
}

/**
 * Sets every given key to each probe value at once and returns the pointers the
 * validator complained at: the declared ones among the probed keys. Restores the data.
 */
function probeLevel(check: SchemaCheck, data: Record<string, unknown>, probes: readonly { node: ObjectAt; keys: readonly string[] }[]): Set<string> {
  const complained = new Set<string>();
  if (probes.length === 0) return complained;
  const saved = probes.map(({ node, keys }) => keys.map((key) => [Object.prototype.hasOwnProperty.call(node.object, key), node.object[key]] as const));
  try {
    for (const probe of PROBES) {
      for (const { node, keys } of probes) for (const key of keys) node.object[key] = probe;
      for (const error of check(data)) complained.add(error.instancePath);
    }
  } finally {
    probes.forEach(({ node, keys }, i) => keys.forEach((key, j) => {
      const [had, original] = saved[i][j];
      if (had) node.object[key] = original;
      else delete node.object[key];
    }));
  }
  return complained;
}

/** True when the schema declares `key` in the object at `parentPath` of `data` (which must exist). */
export function isDeclared(check: SchemaCheck, data: Record<string, unknown>, parentPath: ObjectPath, key: string): boolean {
  const parent = valueAt(data, parentPath);
  if (!isPlainObject(parent)) return false;
  const pointer = pointerOf([...parentPath, key]);
  const complained = probeLevel(check, data, [{ node: { object: parent, path: [...parentPath] }, keys: [key] }]);
  return [...complained].some((at) => at === pointer || at.startsWith(`${pointer}/`));
}





