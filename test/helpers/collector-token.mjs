// The report token of the collectors the browser tests run (collector-endpoint.mjs): shared with
// the test pages, so it lives apart from the Node-only middleware.
export const E2E_TOKEN = 'e2e-report-token-0123456789abcdef';
