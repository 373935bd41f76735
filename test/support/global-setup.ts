// Jest globalSetup, once per test run, before any test file: makes .build/ match the
// sources (charts/build.js), so that tests which start charts/run.js find it current
// instead of compiling inside a test, each racing the others. The build also precompiles
// the environment validators (compile-schema.ts); package.json's moduleNameMapper sends
// schema-validator.ts's require to them, so tests run the validators synth runs and no
// test file compiles the schema again (about 4 s of CPU).
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

export default function globalSetup(): void {
  const { ensureBuilt } = require(join(ROOT, 'charts', 'build.js')) as { ensureBuilt: (root: string) => void };
  ensureBuilt(ROOT);
}
