// Jest globalSetup, once per test run, before any test file:
//  - makes .build/ match the sources (charts/build.js), so that tests which start
//    charts/run.js find it current instead of compiling inside a test, each racing the others;
//  - writes the environment validators the build precompiles (compile-schema.ts) where
//    package.json's moduleNameMapper sends schema-validator.ts's require, so that tests run
//    the validators synth runs and no test file compiles the schema again (about 4 s of CPU).
import { mkdirSync, readdirSync, renameSync, rmSync } from 'fs';
import { join } from 'path';
import { writePrecompiledValidators } from '../../charts/config/compile-schema';

const ROOT = join(__dirname, '..', '..');
const TEST_VALIDATORS_DIR = join(ROOT, 'node_modules', '.cache', 'dask-gitops', 'test-validators');

export default function globalSetup(): void {
  const { ensureBuilt } = require(join(ROOT, 'charts', 'build.js')) as { ensureBuilt: (root: string) => void };
  ensureBuilt(ROOT);
  // Written beside, then renamed in: a test run started meanwhile reads whole files.
  const staging = `${TEST_VALIDATORS_DIR}-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  try {
    writePrecompiledValidators(staging);
    mkdirSync(TEST_VALIDATORS_DIR, { recursive: true });
    for (const file of readdirSync(staging)) renameSync(join(staging, file), join(TEST_VALIDATORS_DIR, file));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
