import type { ValidateFunction } from 'ajv';

/** Options shared by the precompiled validators and the runtime fallback, so both judge alike. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false } as const;

/**
 * Which schema: `complete` is environments/schema.json, for an environment once merged
 * with its bases; `partial` is the same without required keys (overlay-schema.ts), for
 * each file on its own.
 */
export type SchemaKind = 'complete' | 'partial';

/** Written next to this module by the build (compile-schema.ts). */
export const PRECOMPILED_VALIDATORS: Record<SchemaKind, string> = {
  complete: 'environment-validator.js',
  partial: 'overlay-validator.js',
};

const validators = new Map<SchemaKind, ValidateFunction>();

/**
 * The validator of a schema: the build's precompiled one when present (compiling
 * costs ~50 ms, a quarter of a synth), else compiled here once.
 */
export function environmentValidator(kind: SchemaKind = 'complete'): ValidateFunction {
  let validator = validators.get(kind);
  if (validator) return validator;
  try {
    validator = require(`./${PRECOMPILED_VALIDATORS[kind]}`) as ValidateFunction;
  } catch {
    // Loaded only here: ajv's compiler and the schema cost a synth ~30 ms it does not need.
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    const { partialSchema } = require('./overlay-schema') as typeof import('./overlay-schema');
    const schema = require('../../environments/schema.json') as Record<string, unknown>;
    validator = new Ajv(AJV_OPTIONS).compile(kind === 'complete' ? schema : partialSchema(schema));
  }
  validators.set(kind, validator);
  return validator;
}
