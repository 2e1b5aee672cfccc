#!/usr/bin/env node
// Generates the README's API reference (attributes, properties, events, CSS custom properties,
// parts, states of <bynet-checkout>) from custom-elements.json, between the markers
// <!-- api:start --> and <!-- api:end -->.
//   node scripts/docs.mjs            rewrites README.md from dist/custom-elements.json
//   node scripts/docs.mjs --check    exits 1 when README.md is out of date
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- api:start -->';
const END = '<!-- api:end -->';

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ').trim();

/** @param {any} manifest */
export function apiMarkdown(manifest, tag = 'bynet-checkout') {
  const decl = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  if (!decl) throw new Error(`${tag} is not in the manifest`);
  const out = [];
  const table = (head, rows) => {
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const r of rows) out.push(`| ${r.map(cell).join(' | ')} |`);
    out.push('');
  };
  out.push(`_Generated from \`custom-elements.json\` by \`npm run docs\`; do not edit by hand._`, '');
  out.push(`### Attributes`, '');
  table(['Attribute', 'Type', 'Default', 'Description'],
    (decl.attributes ?? []).map((a) => [`\`${a.name}\``, a.type?.text ? `\`${a.type.text}\`` : '', a.default ? `\`${a.default}\`` : '', a.description]));
  const props = (decl.members ?? []).filter((m) => m.kind === 'field' && (!m.privacy || m.privacy === 'public') && !m.static && !m.attribute && !m.readonly);
  out.push(`### Properties (objects, set from JavaScript)`, '');
  table(['Property', 'Type', 'Description'], props.map((p) => [`\`${p.name}\``, p.type?.text ? `\`${p.type.text}\`` : '', p.description]));
  out.push(`### Events`, '', 'All bubble and are composed (they cross shadow roots); details carry ids and statuses only, never card data.', '');
  table(['Event', 'When / detail'], (decl.events ?? []).map((e) => [`\`${e.name}\``, e.description]));
  out.push(`### CSS custom properties`, '', 'Precedence: your CSS on `bynet-checkout` (or an ancestor) > the gateway layout > built-in defaults.', '');
  table(['Property', 'Description'], (decl.cssProperties ?? []).map((p) => [`\`${p.name}\``, p.description]));
  out.push(`### Parts (\`bynet-checkout::part(name)\`)`, '');
  table(['Part', 'Description'], (decl.cssParts ?? []).map((p) => [`\`${p.name}\``, p.description]));
  out.push(`### States (\`bynet-checkout:state(name)\`)`, '');
  table(['State', 'Description'], (decl.cssStates ?? []).map((s) => [`\`${s.name}\``, s.description]));
  return out.join('\n');
}

/** @param {readonly any[]} cards the sandbox's TEST_CARDS */
export function cardsMarkdown(cards) {
  const group = (n) => n.replace(/(\d{4})(?=\d)/g, '$1 ');
  const rows = cards.map((c) => `| \`${group(c.number)}\` | ${c.label} | ${c.outcome === 'processing' ? 'PROCESSING, then PAID after the sandbox\'s `processingDelayMs` (3 s by default)' : c.status}${c.refusal ? ` — ${c.refusal.code}: "${c.refusal.message}"` : ''} |`);
  return [
    '_Generated from `TEST_CARDS` in `src/sandbox/seed.ts` by `npm run docs`._',
    '',
    '| Number | Brand | Sandbox outcome |',
    '|---|---|---|',
    ...rows,
    '| any other Luhn-valid number | — | PAID |',
    '| a number that fails Luhn | — | 400 from the gateway (the widget rejects it first) |',
  ].join('\n');
}

function replaceBetween(text, start, end, body) {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} markers`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

export function updateReadme(readme, manifest, cards) {
  let next = replaceBetween(readme, START, END, apiMarkdown(manifest));
  if (cards) next = replaceBetween(next, '<!-- cards:start -->', '<!-- cards:end -->', cardsMarkdown(cards));
  return next;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(process.argv.find((a) => a.endsWith('.json')) ?? 'dist/custom-elements.json', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  // Run with `node --import tsx` so the sandbox's TypeScript seed data can be read.
  const { TEST_CARDS } = await import('../src/sandbox/seed.ts');
  const next = updateReadme(readme, manifest, TEST_CARDS);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md API section is out of date: run `npm run docs`.');
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync('README.md', next);
    console.log('README.md API section updated.');
  }
}
