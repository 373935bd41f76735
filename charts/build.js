// Keeps .build/ (the compiled project the commands run) equal to the sources, decided by
// their content: a digest of every file under charts/ and bootstrap/ (but the vendored
// CRDs, which validate reads from the sources), tsconfig.json,
// package-lock.json and environments/schema.json. File times are never trusted (cp -p,
// rsync and tar keep old ones; a save during a build lands before its end).
//
// A build compiles into .build-staging/ (a copy of the last complete build, so TypeScript's
// incremental build recompiles only what changed), removes the output of deleted sources,
// bundles the commands that can run from one file (esbuild; see bundleCommands), writes the
// digest, and only then replaces .build/ whole. A failed or killed build leaves
// .build/ and its digest as they were. .build-staging/ doubles as the lock between builds.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { BUNDLE_BANNER } = require('./code-cache');
const { COMMANDS, bundleFile } = require('./commands');

const SOURCE_DIRS = ['charts', 'bootstrap'];
/** Data under SOURCE_DIRS that nothing compiles: validate reads the vendored CRDs from the sources. */
const NOT_BUILT = ['charts/validate/crds/'];
const INPUT_FILES = ['tsconfig.json', 'package-lock.json', 'environments/schema.json'];
/** Inside a build: the digest of the sources it was compiled from, written last. */
const RECORD = '.built-from';
const ATTEMPTS = 3;

class BuildFailed extends Error {}

/** Every file under `dir`, as paths relative to `root` with forward slashes. */
function listFiles(dir, root, out) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return out;
    throw error;
  }
  for (const entry of entries) {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) listFiles(file, root, out);
    else out.push(file);
  }
  return out;
}

/** The digest of everything the build reads from the project, by path and content. */
function sourceDigest(root) {
  const files = SOURCE_DIRS.flatMap((dir) => listFiles(dir, root, []))
    .filter((file) => !NOT_BUILT.some((prefix) => file.startsWith(prefix)))
    .concat(INPUT_FILES).sort();
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    try {
      hash.update(fs.readFileSync(path.join(root, file)));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      hash.update('\0missing');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

function recordedDigest(buildDir) {
  try {
    return fs.readFileSync(path.join(buildDir, RECORD), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Whether charts/x.js has its charts/x.ts; generated files (the validators) have none and are written again. */
function hasSource(root, output) {
  return !output.endsWith('.js') || fs.existsSync(path.join(root, output.replace(/\.js$/, '.ts')));
}

/** Removes outputs whose source was deleted or renamed, and the folders left empty. */
function pruneOrphans(root, staging) {
  for (const dir of SOURCE_DIRS) {
    for (const output of listFiles(dir, staging, [])) {
      if (!hasSource(root, output)) fs.rmSync(path.join(staging, output));
    }
    removeEmptyFolders(path.join(staging, dir));
  }
}

function removeEmptyFolders(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyFolders(path.join(dir, entry.name));
  }
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Whether the build that made staging still runs; one that has not yet written its pid is given a moment. */
function holderAlive(staging) {
  const justMade = () => fs.existsSync(staging) && Date.now() - fs.statSync(staging).mtimeMs < 5000;
  try {
    const pid = Number(fs.readFileSync(path.join(staging, '.pid'), 'utf8'));
    return pid > 0 ? processAlive(pid) : justMade();
  } catch (error) {
    if (error.code === 'ENOENT') return justMade();
    throw error;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes .build-staging/ as the lock: waits while another live build holds it, clears
 * one a killed build left. Returns false when another build finished meanwhile.
 */
function takeStaging(staging) {
  for (;;) {
    try {
      fs.mkdirSync(staging);
      fs.writeFileSync(path.join(staging, '.pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (holderAlive(staging)) sleep(200);
    else fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** A build killed between its two renames leaves the previous .build/ as .build-old-<pid>. */
function removeLeftovers(root) {
  for (const name of fs.readdirSync(root)) {
    const pid = /^\.build-old-(\d+)$/.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

/**
 * TypeScript's incremental build (the API behind `tsc --incremental`), in this process so
 * that killing the command kills the compile too. Type errors fail the build.
 */
function typescriptBuild(root, outDir, log) {
  const ts = require(require.resolve('typescript', { paths: [root] }));
  const host = { getCanonicalFileName: (file) => file, getCurrentDirectory: () => root, getNewLine: () => ts.sys.newLine };
  const overrides = { outDir, incremental: true, tsBuildInfoFile: path.join(outDir, 'tsconfig.tsbuildinfo') };
  const configProblems = [];
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => configProblems.push(diagnostic),
  });
  const program = config && ts.createIncrementalProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  const diagnostics = program
    ? [...config.errors, ...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.emit().diagnostics]
    : configProblems;
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length > 0) {
    const format = process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    log(format(diagnostics, host));
  }
  if (errors.length > 0) {
    log(`TypeScript compilation failed (${errors.length} error${errors.length === 1 ? '' : 's'} above); .build/ is left as it was.\n`);
    throw new BuildFailed();
  }
}

/**
 * Bundles each `bundled` command with its exit handling and dependencies into one file
 * (esbuild): one script to read and compile instead of some 250 modules to resolve, and
 * one V8 code cache to keep (charts/code-cache.js). The bundle's first line records the
 * digest of the sources it was made from, which keys that cache.
 */
function bundleCommands(root, staging, digest, log) {
  const esbuild = require(require.resolve('esbuild', { paths: [root] }));
  const entries = path.join(staging, '.bundle-entries');
  fs.rmSync(path.join(staging, 'bundle'), { recursive: true, force: true });
  fs.mkdirSync(entries, { recursive: true });
  const entryPoints = [];
  for (const [command, { module, bundled }] of Object.entries(COMMANDS)) {
    if (!bundled || !fs.existsSync(path.join(staging, module))) continue;
    const entry = path.join(entries, `${command}.js`);
    fs.writeFileSync(entry, `exports.runMain = require('../charts/cli/exit.js').runMain;\nexports.main = require('../${module}').main;\n`);
    entryPoints.push({ in: entry, out: bundleFile(command).replace(/\.js$/, '') });
  }
  try {
    esbuild.buildSync({
      entryPoints,
      outdir: staging,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20', // package.json's engines
      // A third less to read, hash and look up in the cache; names stay as written, for stack traces.
      minifyWhitespace: true,
      banner: { js: `${BUNDLE_BANNER}${digest}` },
      logLevel: 'silent',
    });
  } catch (error) {
    log(`${error.message}\nBundling the commands failed; .build/ is left as it was.\n`);
    throw new BuildFailed();
  } finally {
    fs.rmSync(entries, { recursive: true, force: true });
  }
}

/**
 * Compiles into staging from the last complete build and swaps it in whole, recording
 * `digest`; returns false, leaving .build/ as it was, when the sources no longer match it.
 */
function compile(root, digest, log) {
  const buildDir = path.join(root, '.build');
  const staging = path.join(root, '.build-staging');
  takeStaging(staging);
  try {
    removeLeftovers(root);
    // Another process may have built the same sources while we waited for the lock.
    const recorded = recordedDigest(buildDir);
    if (recorded === digest) return true;
    if (recorded !== undefined) fs.cpSync(buildDir, staging, { recursive: true });
    fs.rmSync(path.join(staging, RECORD), { force: true });
    pruneOrphans(root, staging);
    log('Compiling TypeScript into .build/ (the sources differ from the last build)...\n');
    typescriptBuild(root, staging, log);
    // Writes the precompiled schema validators beside itself, in staging. (child_process is
    // required here: most runs need no build, and loading it costs them milliseconds.)
    const compileSchema = require('child_process').spawnSync(process.execPath, [path.join(staging, 'charts/config/compile-schema.js')], { cwd: root, stdio: 'inherit' });
    if (compileSchema.status !== 0) {
      log(`charts/config/compile-schema.ts failed (${compileSchema.signal ?? `exit ${compileSchema.status}`}); .build/ is left as it was.\n`);
      throw new BuildFailed();
    }
    bundleCommands(root, staging, digest, log);
    // A source saved during the compile may or may not be in the output: record nothing.
    if (sourceDigest(root) !== digest) return false;
    fs.writeFileSync(path.join(staging, RECORD), `${digest}\n`);
    fs.rmSync(path.join(staging, '.pid'));
    const old = `${buildDir}-old-${process.pid}`;
    if (fs.existsSync(buildDir)) fs.renameSync(buildDir, old);
    fs.renameSync(staging, buildDir);
    fs.rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Makes .build/ match the sources, compiling when their digest differs from the one the
 * build records. Sources changed during a compile are compiled again, so what is recorded
 * is never a build of other sources. Throws BuildFailed after printing why.
 */
function ensureBuilt(root, log = (text) => process.stderr.write(text)) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const digest = sourceDigest(root);
    if (recordedDigest(path.join(root, '.build')) === digest) return;
    if (compile(root, digest, log)) return;
    log('Sources changed during the build; building again.\n');
  }
  log(`The sources kept changing during ${ATTEMPTS} builds; try again once they are saved.\n`);
  throw new BuildFailed();
}

module.exports = { ensureBuilt, sourceDigest, BuildFailed };
