/** `bynet-checkout doctor` against the sandbox on 127.0.0.1: verdicts, fixes, read-only, no key in the output. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main, runDoctor, formatDoctor } from '../../../src/cli/doctor.js';
import { startSandbox, DEMO_PRODUCT_LINK_ID, INACTIVE_PRODUCT_LINK_ID, INACTIVE_LAYOUT_ID } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createGatewayClient } from '../../../src/server/gateway/client.js';

const KEY = 'sk_test_doctor_6a1b2c3d4e5f';
const HOOK = 'https://shop.example.com/api/webhooks/bynet/tok123';

describe('bynet-checkout doctor', () => {
  let sb: StartedSandbox;
  before(async () => {
    sb = await startSandbox({ apiKey: KEY, allowedHostnames: ['localhost', 'shop.example.com'] });
    await createGatewayClient({ apiKey: KEY, baseUrl: sb.url }).webhooks.create({ url: HOOK });
  });
  after(() => sb.close());

  const verdicts = (r: Awaited<ReturnType<typeof runDoctor>>) => Object.fromEntries(r.checks.map((c) => [c.id, c.verdict]));

  it('a good configuration: every check passes, the hostname check is skipped and explained, nothing is created', async () => {
    sb.sandbox.clearCalls();
    const r = await runDoctor({ apiKey: KEY, baseUrl: sb.url, productLinkId: DEMO_PRODUCT_LINK_ID, hostname: 'shop.example.com', webhookUrl: HOOK });
    assert.deepEqual(verdicts(r), { api_key: 'ok', layout: 'ok', product: 'ok', payment_methods: 'ok', hostname: 'skip', webhook: 'ok' });
    assert.equal(r.ok, true);
    assert.match(r.checks.find((c) => c.id === 'hostname')!.detail, /Cannot be checked read-only/);
    assert.match(r.checks.find((c) => c.id === 'payment_methods')!.detail, /PIX/);
    assert.deepEqual(
      sb.sandbox.calls.filter((c) => c.method !== 'GET'),
      [],
      'read-only: no POST/PUT/DELETE reached the gateway',
    );
    const text = formatDoctor(r);
    assert.match(text, /^\[OK {2}\] API key accepted/m);
    assert.match(text, /Verdict: no blocking problem found\./);
  });

  it('a rejected key: FAIL with the fix, the rest skipped, the key never printed', async () => {
    const wrong = 'sk_test_wrong_key_999';
    const r = await runDoctor({ apiKey: wrong, baseUrl: sb.url, productLinkId: DEMO_PRODUCT_LINK_ID });
    assert.equal(r.ok, false);
    assert.equal(verdicts(r)['api_key'], 'fail');
    assert.match(r.checks[0]!.fix!, /Copy the secret API key again/);
    assert.ok(r.checks.slice(1).every((c) => c.verdict === 'skip'));
    const text = formatDoctor(r) + JSON.stringify(r);
    assert.ok(!text.includes(wrong) && !text.includes(KEY));
  });

  it('an unreachable host, an inactive or unknown product, an inactive layout, an unregistered webhook: each FAIL/WARN names the fix', async () => {
    const down = await runDoctor({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    assert.equal(verdicts(down)['api_key'], 'fail');
    assert.match(down.checks[0]!.fix!, /could not be reached/);

    const inactive = await runDoctor({ apiKey: KEY, baseUrl: sb.url, productLinkId: INACTIVE_PRODUCT_LINK_ID, layoutId: INACTIVE_LAYOUT_ID, webhookUrl: 'https://other.example/hook' });
    assert.deepEqual(verdicts(inactive), { api_key: 'ok', layout: 'warn', product: 'fail', payment_methods: 'ok', hostname: 'skip', webhook: 'fail' });
    assert.match(inactive.checks.find((c) => c.id === 'product')!.fix!, /Activate the product/);
    assert.match(inactive.checks.find((c) => c.id === 'webhook')!.fix!, /postbackUrl/);
    assert.equal(inactive.ok, false);

    const unknown = await runDoctor({ apiKey: KEY, baseUrl: sb.url, productLinkId: 'no-such-link' });
    assert.equal(verdicts(unknown)['product'], 'fail');
    assert.match(unknown.checks.find((c) => c.id === 'product')!.detail, /No product with link id "no-such-link"/);
  });

  it('--create-order checks the hostname with one test order (no payment)', async () => {
    sb.sandbox.clearCalls();
    const bad = await runDoctor({ apiKey: KEY, baseUrl: sb.url, productLinkId: DEMO_PRODUCT_LINK_ID, hostname: 'unknown.example.org', createOrder: true });
    const hostCheck = bad.checks.find((c) => c.id === 'hostname')!;
    assert.equal(hostCheck.verdict, 'fail');
    assert.match(hostCheck.detail, /Hostname não identificado/);
    assert.match(hostCheck.fix!, /Register "unknown.example.org"/);
    const good = await runDoctor({ apiKey: KEY, baseUrl: sb.url, productLinkId: DEMO_PRODUCT_LINK_ID, hostname: 'shop.example.com', createOrder: true });
    assert.equal(verdicts(good)['hostname'], 'ok');
    assert.equal(sb.sandbox.calls.filter((c) => c.path.startsWith('/api/public/checkout/payment')).length, 0, 'no payment');
    assert.equal(sb.sandbox.state.transactions.length, 0, 'nothing charged');
  });

  it('main(): key from the environment only, exit codes, --json', async () => {
    const lines: string[] = [];
    const out = (s: string) => lines.push(s);
    assert.equal(await main(['doctor', '--base-url', sb.url, '--product', DEMO_PRODUCT_LINK_ID, '--webhook', HOOK, '--json'], { BYNET_API_KEY: KEY }, out), 0);
    const parsed = JSON.parse(lines.pop()!) as { ok: boolean; checks: { id: string }[] };
    assert.equal(parsed.ok, true);
    assert.equal(parsed.checks.length, 6);
    assert.equal(await main(['doctor', '--base-url', sb.url, '--webhook', 'https://nope.example/x'], { BYNET_API_KEY: KEY }, out), 1);
    assert.match(lines.pop()!, /\[FAIL\] Webhook registered/);
    assert.equal(await main(['doctor'], {}, out), 2);
    assert.match(lines.pop()!, /BYNET_API_KEY is not set/);
    assert.equal(await main(['doctor', '--api-key', KEY], { BYNET_API_KEY: KEY }, out), 2);
    assert.equal(await main([], {}, out), 2);
    assert.ok(!lines.join('\n').includes(KEY));
  });
});
