import { isPlainObject } from './json-path';

/**
 * Helm's value coalescing: maps merge key by key, lists and scalars replace.
 * `nulls: 'remove'` is Helm applying values over the chart's defaults (null removes
 * a default); `'keep'` is Helm layering several `-f` files, where a null overrides
 * what a lower file set and survives to remove the default too.
 */
export function mergeValues(defaults: unknown, overrides: unknown, nulls: 'remove' | 'keep' = 'remove'): unknown {
  if (overrides === undefined) return defaults;
  if (!isPlainObject(defaults) || !isPlainObject(overrides)) return overrides;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null && nulls === 'remove') {
      delete merged[key];
    } else {
      merged[key] = mergeValues(defaults[key], value, nulls);
    }
  }
  return merged;
}
