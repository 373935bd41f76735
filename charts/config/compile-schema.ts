import { writeFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from '../../environments/schema.json';
import { AJV_OPTIONS, PRECOMPILED_VALIDATOR } from './schema-validator';

/** Writes the environment schema's validator as plain JS, run once per build by charts/run.js. */
export function writePrecompiledValidator(outDir: string): void {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  writeFileSync(join(outDir, PRECOMPILED_VALIDATOR), standaloneCode(ajv, ajv.compile(schema)));
}

if (require.main === module) writePrecompiledValidator(__dirname);
