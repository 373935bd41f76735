#!/usr/bin/env node
// Reads jest's --json output and prints one count line, test files that failed to load
// included (jest counts no test for them), naming each. Exits 1 when any test or file
// failed, or when nothing ran.
'use strict';
const fs = require('fs');
const path = require('path');

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const unloaded = report.testResults.filter((file) => file.testExecError || (file.status === 'failed' && file.assertionResults.length === 0));
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped;`
  + ` ${report.numTotalTestSuites} test files, ${unloaded.length} failed to load`);
for (const file of unloaded) {
  const why = (file.testExecError?.message ?? file.message ?? '').split('\n').map((line) => line.trim()).find((line) => line && !line.startsWith('●')) ?? 'no message';
  console.log(`  failed to load: ${path.relative(process.cwd(), file.name)}: ${why}`);
}
if (report.numTotalTests === 0 || unloaded.length > 0 || report.numFailedTests > 0 || report.numFailedTestSuites > 0 || !report.success) process.exit(1);
