import type { ValidateFunction } from 'ajv';

/** Options shared by the precompiled validator and the runtime fallback, so both judge alike. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false } as const;

/** Written next to this module by the build (compile-schema.ts). */
export const PRECOMPILED_VALIDATOR = 'environment-validator.js';

let validator: ValidateFunction | undefined;

/**
 * The environment schema's validator: the build's precompiled one when present
 * (compiling costs ~50 ms, a quarter of a synth), else compiled here once.
 */
export function environmentValidator(): ValidateFunction {
  if (validator) return validator;
  try {
    validator = require(`./${PRECOMPILED_VALIDATOR}`) as ValidateFunction;
  } catch {
    // Loaded only here: ajv's compiler and the schema cost a synth ~30 ms it does not need.
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    validator = new Ajv(AJV_OPTIONS).compile(require('../../environments/schema.json'));
  }
  return validator;
}
