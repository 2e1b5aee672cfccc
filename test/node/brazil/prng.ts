/** Small seeded PRNG (mulberry32, the sandbox's) so "random" test cases are reproducible. */
export { seededRandom as seeded } from '../../../src/sandbox/seed.js';

export function randomDigits(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(random() * 10));
  return s;
}
