// Runs first on csp-page.html: records every Content-Security-Policy violation and the checkout's
// events, for the test in the parent page to read.
window.cspViolations = [];
document.addEventListener(
  'securitypolicyviolation',
  (e) => {
    window.cspViolations.push({
      directive: e.effectiveDirective,
      blocked: e.blockedURI,
      sample: e.sample,
      source: e.sourceFile,
      line: e.lineNumber,
    });
  },
  true,
);
window.bynetEvents = [];
for (const name of ['bynet-ready', 'bynet-error']) {
  document.addEventListener(name, (e) => window.bynetEvents.push({ name, detail: e.detail }));
}
