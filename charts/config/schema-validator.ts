import Ajv, { ValidateFunction } from 'ajv';
import schema from '../../environments/schema.json';

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
    validator = new Ajv(AJV_OPTIONS).compile(schema);
  }
  return validator;
}
