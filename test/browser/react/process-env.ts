/**
 * React's CommonJS files read `process.env.NODE_ENV`, which a bundler replaces; the test server
 * does not. Imported first, so React runs in development mode (its warnings are what the test checks).
 */
const g = globalThis as { process?: { env: Record<string, string> } };
g.process ??= { env: { NODE_ENV: 'development' } };
export {};
