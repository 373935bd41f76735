import { writeFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from '../../environments/schema.json';
import { partialSchema } from './overlay-schema';
import { AJV_OPTIONS, PRECOMPILED_VALIDATORS } from './schema-validator';

/** Writes both environment validators as plain JS, run once per build by charts/run.js. */
export function writePrecompiledValidators(outDir: string): void {
  const schemas = { complete: schema, partial: partialSchema(schema) };
  for (const kind of ['complete', 'partial'] as const) {
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
    writeFileSync(join(outDir, PRECOMPILED_VALIDATORS[kind]), standaloneCode(ajv, ajv.compile(schemas[kind])));
  }
}

if (require.main === module) writePrecompiledValidators(__dirname);
