import { isPlainObject } from './json-path';

/** Helm's value coalescing: maps merge key by key, lists and scalars replace, null removes a default. */
export function mergeValues(defaults: unknown, overrides: unknown): unknown {
  if (overrides === undefined) return defaults;
  if (!isPlainObject(defaults) || !isPlainObject(overrides)) return overrides;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) {
      delete merged[key];
    } else {
      merged[key] = mergeValues(defaults[key], value);
    }
  }
  return merged;
}
