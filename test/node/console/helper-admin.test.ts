/** `bynet.admin(...)`: the console's routes on the checkout helper's own gateway client and key. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConsolePage, ConsoleTransaction } from '../../../src/console/types.js';
import { seedConsoleTransactions } from '../../../src/sandbox/directories/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createBynetCheckout, createMemoryState } from '../../../src/server/index.js';
import type { BynetCheckout } from '../../../src/server/index.js';

const KEY = 'sk_test_helper_admin_7c2e9a41b3d5';

describe('bynet.admin on the checkout helper', () => {
  let sb: StartedSandbox;
  let bynet: BynetCheckout;
  const logs: string[] = [];

  before(async () => {
    sb = await startSandbox({ apiKey: KEY });
    await seedConsoleTransactions({ url: sb.url, apiKey: KEY });
    bynet = createBynetCheckout({
      apiKey: KEY,
      hostname: 'localhost',
      tokenSecret: 'helper-admin-test-secret-0123456789abcdef',
      baseUrl: sb.url,
      state: createMemoryState(),
      logger: (line) => logs.push(line),
    });
  });
  after(async () => {
    await bynet.close();
    await sb.close();
  });

  it('refuses to start without an authorize hook', () => {
    assert.throws(() => bynet.admin({} as never), /authorize/);
  });

  it('answers 401 unless the merchant authorizes, and lists transactions when it does', async () => {
    const admin = bynet.admin({ authorize: (req) => req.headers.get('authorization') === 'Bearer staff' });
    const denied = await admin(new Request('http://127.0.0.1/api/admin/transactions'));
    assert.equal(denied?.status, 401);
    assert.equal(((await denied!.json()) as { error: { code: string } }).error.code, 'unauthorized');

    const ok = await admin(new Request('http://127.0.0.1/api/admin/transactions?limit=5', { headers: { authorization: 'Bearer staff' } }));
    assert.equal(ok?.status, 200);
    const text = await ok!.text();
    const page = JSON.parse(text) as ConsolePage<ConsoleTransaction>;
    assert.equal(page.data.length, 5);
    assert.ok(page.hasMore);
    assert.ok(!text.includes(KEY) && !logs.join('\n').includes(KEY), 'the key is in no answer and no log line');
  });
});
