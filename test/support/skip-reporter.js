// Jest's default reporter prints nothing of a test file whose every test skipped, not even
// the reason it logged (the integration tests' "python3 cannot import distributed"). This
// reporter, run beside the default one, names each such file with what it printed.
'use strict';
const path = require('path');

class SkipReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onTestResult(_test, result) {
    // Files with a test that ran get their console printed by the default reporter.
    if (!result.skipped) return;
    // Verbose runs (one file, or --verbose) print the console as it happens.
    if (result.console === undefined && this.globalConfig.verbose) return;
    const reasons = (result.console ?? []).map((entry) => entry.message);
    const file = path.relative(this.globalConfig.rootDir, result.testFilePath);
    process.stderr.write(`SKIPPED ${file}: ${reasons.length > 0 ? reasons.join('; ') : 'every test skipped, without a printed reason'}\n`);
  }
}

module.exports = SkipReporter;
