/**
 * Postback delivery: `{ id, type: 'transaction', objectId, url, data }` POSTed as JSON to each
 * destination whenever a transaction's status changes, with `data.status` in lower case (as the
 * platform family sends it). Fire-and-forget: a short timeout, failures logged, never thrown.
 * Deliveries to one URL go one after another, so a receiver sees them in order unless the
 * out-of-order mode holds them and releases them newest first.
 *
 * ASSUMPTION: no signature header, no retries (neither is documented); `User-Agent` below is ours.
 */
import type { PostbackDelivery, PostbackSettings } from './types.js';

interface Pending {
  id: number;
  url: string;
  objectId: string;
  status: string;
  body: string;
}

export interface PostbackerConfig {
  fetch: () => typeof fetch;
  /** INVENTED: sent as `x-webhook-secret` when set. */
  secret?: string | undefined;
  timeoutMs: number;
  log: (line: string) => void;
}

/** Origin only: webhook paths often hold a secret token, so they are not logged. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

export class Postbacker {
  settings: PostbackSettings = { duplicates: 1, outOfOrder: false };
  deliveries: PostbackDelivery[] = [];
  private held: Pending[] = [];
  private nextId = 1;
  private chains = new Map<string, Promise<void>>();
  private inflight = new Set<Promise<void>>();
  private abort = new AbortController();
  private readonly cfg: PostbackerConfig;

  constructor(cfg: PostbackerConfig) {
    this.cfg = cfg;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Queues one postback of `data` (a serialised transaction) to every distinct destination. */
  emit(data: Record<string, unknown> & { id: string; status: string }, destinations: readonly string[]): void {
    const status = data.status.toLowerCase();
    if (this.settings.onlyStatuses && !this.settings.onlyStatuses.includes(status)) return;
    for (const url of new Set(destinations.filter(Boolean))) {
      const id = this.nextId++;
      const body = JSON.stringify({ id, type: 'transaction', objectId: data.id, url, data: { ...data, status } });
      for (let i = 0; i < this.settings.duplicates; i++) {
        const p: Pending = { id, url, objectId: data.id, status, body };
        if (this.settings.outOfOrder) this.held.push(p);
        else this.enqueue(p);
      }
    }
  }

  /** Delivers the held postbacks, newest first, one after another; resolves when all are done. */
  async release(): Promise<void> {
    const list = this.held.reverse();
    this.held = [];
    for (const p of list) await this.track(this.deliver(p));
  }

  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.settings = { duplicates: 1, outOfOrder: false };
    this.deliveries = [];
    this.held = [];
    this.chains.clear();
  }

  dispose(): void {
    this.abort.abort();
    this.held = [];
  }

  private track(p: Promise<void>): Promise<void> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }

  private enqueue(p: Pending): void {
    const prev = this.chains.get(p.url) ?? Promise.resolve();
    const next = prev.then(() => this.deliver(p));
    this.chains.set(p.url, next);
    this.track(next);
    void next.finally(() => {
      if (this.chains.get(p.url) === next) this.chains.delete(p.url);
    });
  }

  private async deliver(p: Pending): Promise<void> {
    const record: PostbackDelivery = { id: p.id, url: p.url, objectId: p.objectId, status: p.status, httpStatus: 0, ok: false };
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.cfg.timeoutMs)]);
    try {
      const res = await this.cfg.fetch()(p.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'BynetSandbox-Postback/1.0',
          ...(this.cfg.secret ? { 'x-webhook-secret': this.cfg.secret } : {}),
        },
        body: p.body,
        signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      record.httpStatus = res.status;
      record.ok = res.ok;
      if (!res.ok) record.error = `HTTP ${res.status}`;
    } catch (e) {
      record.error = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError') ? 'timeout' : 'network error';
    }
    this.deliveries.push(record);
    if (!record.ok) this.cfg.log(`postback #${p.id} (${p.status}) to ${safeOrigin(p.url)} failed: ${record.error}`);
  }
}
