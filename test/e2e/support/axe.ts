/**
 * axe-core (already installed through @open-wc/testing's chai-a11y-axe) run in a Playwright page.
 *
 * The demo serves a strict Content-Security-Policy (no inline scripts), so `page.addScriptTag`
 * would be blocked. The axe source is run through `page.evaluate` instead: that goes through the
 * DevTools protocol, which the page's CSP does not govern, and leaves the page's own policy (and
 * so everything the widget does) untouched. No context is created with `bypassCSP`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './demo.js';

let source: string | undefined;
const axeSource = (): string => (source ??= readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors (shadow-piercing paths as arrays) of the offending nodes. */
  targets: unknown[];
  summaries: string[];
}

/**
 * Runs axe on the whole page (the widget's open shadow roots included) and returns its
 * violations, with the node targets and axe's own failure summaries so a failure says what to fix.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axeSource());
  return (await page.evaluate(`(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target),
      summaries: v.nodes.map((n) => n.failureSummary ?? ''),
    }));
  })()`)) as AxeViolation[];
}

/** A readable list of violations for an assertion message. */
export function describeViolations(vs: readonly AxeViolation[]): string {
  return vs
    .map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}\n${v.targets.map((t, i) => `  - ${JSON.stringify(t)}: ${v.summaries[i]?.replace(/\s+/g, ' ')}`).join('\n')}`)
    .join('\n');
}
