import type { ValidateFunction } from 'ajv';

/** Options shared by the precompiled validators and the runtime fallback, so both judge alike. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false } as const;

/**
 * Which schema: `complete` is environments/schema.json, for an environment once merged
 * with its bases; `partial` is the same without required keys (overlay-schema.ts), for
 * each file on its own.
 */
export type SchemaKind = 'complete' | 'partial';

/**
 * Written next to this module's compiled output by the build (compile-schema.ts), and
 * for the tests by test/support/global-setup.ts (package.json's moduleNameMapper).
 * Compiling at run time would cost a synth ~50 ms, a quarter of it.
 */
export const PRECOMPILED_VALIDATORS: Record<SchemaKind, string> = {
  complete: 'environment-validator.js',
  partial: 'overlay-validator.js',
};

/** The precompiled validator of a schema. Literal paths, so that a bundle holds just these two files. */
export function environmentValidator(kind: SchemaKind = 'complete'): ValidateFunction {
  return (kind === 'complete' ? require('./environment-validator.js') : require('./overlay-validator.js')) as ValidateFunction;
}
