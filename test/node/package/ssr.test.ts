/**
 * Server-side rendering safety: a storefront's server (Next.js, Astro...) imports the package while
 * rendering. The browser entry and the lazy card form must import in plain Node without throwing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the widget entry imports in Node without throwing and exports the element class', async () => {
  const mod = await import('../../../src/index.js');
  assert.equal(typeof mod.BynetCheckout, 'function');
  assert.equal(typeof mod.registerElements, 'function');
  assert.doesNotThrow(() => mod.registerElements(), 'registering again (guarded) must be harmless');
});

test('the lazy card form module imports in Node without throwing', async () => {
  const mod = await import('../../../src/components/card-form/card-form.js');
  assert.equal(typeof mod.BynetCardForm, 'function');
});
