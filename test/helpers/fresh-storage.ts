// Each test starts as a browser that never met the survey: no cooldown from an earlier test's
// answer, no "shown today" marker, no shown counts waiting. A root-level hook, so importing this
// file is all a test file needs.
beforeEach(() => {
  for (const key of Object.keys(localStorage)) if (key.startsWith('feedback-loop:')) localStorage.removeItem(key);
});
