// The commands charts/run.js starts, by the module under .build/ that exports their main().
// `bundled` ones are also bundled into one file each by charts/build.js (esbuild), which
// charts/code-cache.js runs with V8's code cache; the others load files that sit beside
// their modules (CRDs, the cloud clients' protos) and run from .build/ as compiled.
'use strict';

const COMMANDS = {
  synth: { module: 'charts/cli/synth.js', bundled: true },
  check: { module: 'charts/cli/check.js', bundled: true },
  diff: { module: 'charts/cli/diff.js', bundled: true },
  explain: { module: 'charts/cli/explain.js', bundled: true },
  password: { module: 'charts/cli/password.js', bundled: true },
  validate: { module: 'charts/cli/validate.js', bundled: false },
  bootstrap: { module: 'bootstrap/cli.js', bundled: false },
  connect: { module: 'bootstrap/connect.js', bundled: false },
};

/** Where a bundled command's single file sits inside a build. */
function bundleFile(command) {
  return `bundle/${command}.js`;
}

module.exports = { COMMANDS, bundleFile };
