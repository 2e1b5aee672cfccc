/** What both directory simulators share: faults, a call log, JSON answers. */

export interface DirectoryFault {
  /** Answer 429 (with `Retry-After` when `retryAfter` is set, in seconds) ... */
  rateLimit?: { retryAfter?: number };
  /** ... or this HTTP status with a provider-style error body. */
  status?: number;
  /** How many requests it applies to (default 1). */
  times?: number;
}

export interface DirectoryCall {
  method: string;
  path: string;
  /** Query string as received, with the API key replaced by `[redacted]`. */
  query: string;
  status: number;
}

/** Records one answered request in `calls` (the last 1000 kept); `redact` hides secrets in the query. */
export function recordCall(calls: DirectoryCall[], req: Request, url: URL, res: Response, redact: (query: string) => string = (q) => q): void {
  calls.push({ method: req.method, path: url.pathname, query: redact(url.search.slice(1)), status: res.status });
  if (calls.length > 1000) calls.shift();
}

export function createFaults() {
  const faults: (DirectoryFault & { left: number })[] = [];
  return {
    add(f: DirectoryFault): void {
      if (!f.rateLimit && f.status === undefined) throw new TypeError('A fault needs rateLimit or status.');
      faults.push({ ...f, left: f.times ?? 1 });
    },
    clear(): void {
      faults.length = 0;
    },
    /** The fault for this request, if any (counts it). */
    take(): (DirectoryFault & { left: number }) | undefined {
      const f = faults[0];
      if (!f) return undefined;
      if (--f.left <= 0) faults.shift();
      return f;
    },
    get size() {
      return faults.length;
    },
  };
}

export const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

/** Reads a form body (a `curl -X GET -d ...` request) when one came; never throws. */
export async function formParams(req: Request): Promise<URLSearchParams> {
  try {
    const type = req.headers.get('content-type') ?? '';
    if (!/x-www-form-urlencoded/i.test(type)) return new URLSearchParams();
    return new URLSearchParams(await req.text());
  } catch {
    return new URLSearchParams();
  }
}
