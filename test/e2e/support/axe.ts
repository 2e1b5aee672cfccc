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

export interface AxeNode {
  /** axe's selector path (an array where it crosses shadow roots). */
  target: unknown;
  /** axe's own "Fix any of the following" text. */
  summary: string;
  /** Whether the node is `widget` or inside it (through shadow roots). */
  inWidget: boolean;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** How many nodes inside the widget (not the host element itself) passed some rule: proof that axe looked inside its shadow roots. */
  widgetNodesPassed: number;
}

/**
 * Runs axe (all its rules) on the whole page, the open shadow roots included, and returns its
 * violations, each node marked as inside the element `widget` (a selector) or not, so a test can
 * tell the widget's own faults from the host page's.
 */
export async function runAxe(page: Page, widget: string): Promise<AxeResult> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axeSource());
  return (await page.evaluate(`(async () => {
    const widget = document.querySelector(${JSON.stringify(widget)});
    const inWidget = (el) => {
      for (let n = el; n; n = n.parentNode ?? n.host ?? null) if (n === widget) return true;
      return false;
    };
    const r = await window.axe.run(document, { elementRef: true });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary ?? '', inWidget: inWidget(n.element) })),
      })),
      widgetNodesPassed: new Set(r.passes.flatMap((v) => v.nodes.map((n) => n.element)).filter((el) => el !== widget && inWidget(el))).size,
    };
  })()`)) as AxeResult;
}

/** The violations restricted to nodes inside (`true`) or outside (`false`) the widget; empty ones dropped. */
export function violationsWhere(vs: readonly AxeViolation[], inWidget: boolean): AxeViolation[] {
  return vs.map((v) => ({ ...v, nodes: v.nodes.filter((n) => n.inWidget === inWidget) })).filter((v) => v.nodes.length > 0);
}

/** A readable list of violations for an assertion message or a report. */
export function describeViolations(vs: readonly AxeViolation[]): string {
  return vs
    .map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}\n${v.nodes.map((n) => `  - ${JSON.stringify(n.target)}: ${n.summary.replace(/\s+/g, ' ')}`).join('\n')}`)
    .join('\n');
}
