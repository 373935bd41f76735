// Runs a command bundle (charts/build.js) with V8's code cache: the bytecode of every
// function a previous run compiled, so that a run parses and compiles little of its 1.2 MB.
// Node 20 has no module.enableCompileCache() (22.1+), and v8-compile-cache saves each
// module's cache before the module runs, when V8 has compiled only its top level
// (measured: no gain); the cache here is taken after a whole successful run.
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

/** A bundle's first line: this, then the digest of the sources it was made from. */
const BUNDLE_BANNER = '// dask-gitops bundle built from ';

/**
 * The cache sits beside the bundle, named by that digest: V8 checks a cache only against
 * its source's length, so a cache must never meet another build's bundle (a run of the
 * previous build may end after the next one is swapped in).
 */
function cacheFileOf(file, source) {
  if (!source.startsWith(BUNDLE_BANNER)) return undefined;
  const digest = source.slice(BUNDLE_BANNER.length, source.indexOf('\n'));
  return /^[0-9a-f]{64}$/.test(digest) ? `${file.replace(/\.js$/, '')}.${digest}.v8-cache` : undefined;
}

/** Loads a bundle as Node loads a CommonJS module, from and into its code cache. */
function requireBundle(file) {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheFileOf(file, source);
  let cachedData;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // None yet, or unreadable: the run compiles as without one.
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const bundle = { exports: {}, filename: file, id: file };
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // Taken at exit, so it holds what the command compiled; a failed run proves little.
    process.once('exit', (code) => {
      if (code === 0) writeAtomically(cacheFile, script.createCachedData());
    });
  }
  return bundle.exports;
}

/** Readers see the old file or the whole new one (runs of one command may overlap). */
function writeAtomically(file, data) {
  const partial = `${file}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
  } catch {
    // A read-only checkout runs without a cache.
    fs.rmSync(partial, { force: true });
  }
}

module.exports = { BUNDLE_BANNER, requireBundle };
