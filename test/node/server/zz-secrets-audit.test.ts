/**
 * The secrets audit of the whole server test run (this file sorts last on purpose). Every earlier
 * test file left what its helpers logged and what its requests got back in a per-run spool
 * folder (see harness.ts); this scans all of it, once more, for the API key, every sandbox test
 * card, and every card number and CVV the tests sent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { API_KEY, AUDIT_CARDS, AUDIT_SPOOL, CVV, TOKEN_SECRET, findSecrets } from './harness.js';

interface Spooled {
  file: string;
  logs: string[];
  seen: string[];
  cards: string[];
  cvvs: string[];
}

describe('secrets audit of the server test run', () => {
  it('the scanner finds each kind of secret (so a clean result means something)', () => {
    const cards = AUDIT_CARDS;
    assert.deepEqual(findSecrets(`{"headers":{"x-api-key":"${API_KEY}"}}`, cards, [CVV]), ['API key']);
    assert.deepEqual(findSecrets(`"${TOKEN_SECRET}"`, cards, []), ['token secret']);
    assert.deepEqual(findSecrets(`card ${AUDIT_CARDS[0]} declined`, cards, []), [`card number ending ${AUDIT_CARDS[0]!.slice(-4)}`]);
    assert.ok(findSecrets('{"card":{"cvv":"123"}}', cards, []).includes('CVV field'));
    assert.ok(findSecrets(`{"securityCode":"${CVV}"}`, cards, [CVV]).includes(`CVV value ${CVV}`));
    assert.deepEqual(findSecrets('{"event":"request","status":201,"ms":7,"last4":"1111"}', cards, [CVV]), []);
  });

  it('no API key, token secret, card number or CVV in any log line, response body or header of the run', (t) => {
    const files = existsSync(AUDIT_SPOOL) ? readdirSync(AUDIT_SPOOL).filter((f) => f.endsWith('.json')) : [];
    if (files.length === 0) {
      t.skip('no captures from earlier test files: run the whole server suite (node scripts/node-tests.mjs test/node/server)');
      return;
    }
    try {
      let logs = 0;
      let seen = 0;
      const sources: string[] = [];
      const hits: string[] = [];
      const spooled = files.map((f) => JSON.parse(readFileSync(join(AUDIT_SPOOL, f), 'utf8')) as Spooled);
      const cards = new Set([...AUDIT_CARDS, ...spooled.flatMap((s) => s.cards)]);
      const cvvs = new Set([CVV, ...spooled.flatMap((s) => s.cvvs)]);
      for (const s of spooled) {
        sources.push(s.file);
        logs += s.logs.length;
        seen += s.seen.length;
        for (const text of [...s.logs, ...s.seen]) for (const h of findSecrets(text, cards, cvvs)) hits.push(`${h} (${s.file.split('/').pop()})`);
      }
      assert.deepEqual([...new Set(hits)], []);
      assert.ok(logs > 0 && seen > 0, 'the run captured log lines and responses');
      assert.ok(sources.length >= 2, `captures from several test files (${sources.length})`);
      assert.ok(cvvs.size >= 1 && cards.size >= AUDIT_CARDS.length);
    } finally {
      rmSync(AUDIT_SPOOL, { recursive: true, force: true });
    }
  });
});
