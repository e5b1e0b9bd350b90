// Reports testharness.js results as lines tests/web/run.py reads: one "SUBTEST" line per
// test and a final "HARNESS" line. Loaded after testharness.js, before the test file.
(function() {
  const statusName = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];
  add_result_callback(function(test) {
    console.log('SUBTEST ' + JSON.stringify({
      name: test.name,
      status: statusName[test.status] || String(test.status),
      message: test.message || '',
    }));
  });
  add_completion_callback(function(tests, harnessStatus) {
    console.log('HARNESS ' + JSON.stringify({
      status: ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'][harnessStatus.status],
      message: harnessStatus.message || '',
    }));
  });
})();
