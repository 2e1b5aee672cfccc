import { css, html, svg } from 'lit';
import type { SVGTemplateResult, TemplateResult } from 'lit';

/**
 * Small payment marks drawn here (no image files, no external requests, no inline `style`: only SVG
 * presentation attributes, so a strict Content-Security-Policy allows them). They are simplified
 * trust cues in each brand's colours, not the brands' official artwork.
 */
export const CARD_MARKS = ['visa', 'mastercard', 'elo', 'amex', 'hipercard'] as const;
export type MarkName = (typeof CARD_MARKS)[number] | 'pix';

/** The accessible name of each mark. */
export const MARK_LABELS: Readonly<Record<MarkName, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  elo: 'Elo',
  amex: 'American Express',
  hipercard: 'Hipercard',
  pix: 'Pix',
};

const word = (text: string, fill: string, size = 10, italic = false) =>
  svg`<text x="20" y="17" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-weight="700" font-size=${size}
    font-style=${italic ? 'italic' : 'normal'} fill=${fill}>${text}</text>`;

const DRAWINGS: Readonly<Record<MarkName, SVGTemplateResult>> = {
  visa: svg`<rect width="40" height="26" rx="4" fill="#1a1f71"></rect>${word('VISA', '#fff', 11, true)}`,
  mastercard: svg`<rect width="40" height="26" rx="4" fill="#fff" stroke="#d1d9e0"></rect>
    <circle cx="16" cy="13" r="8" fill="#eb001b"></circle><circle cx="24" cy="13" r="8" fill="#f79e1b"></circle>
    <path d="M20 6.1a8 8 0 0 1 0 13.8a8 8 0 0 1 0-13.8z" fill="#ff5f00"></path>`,
  elo: svg`<rect x="0.25" y="0.25" width="39.5" height="25.5" rx="4" fill="#000" stroke="#59636e" stroke-width="0.5"></rect>
    <circle cx="9" cy="8" r="2.2" fill="#ffcb05"></circle><circle cx="9" cy="13" r="2.2" fill="#00a4e0"></circle>
    <circle cx="9" cy="18" r="2.2" fill="#ef4123"></circle>
    <text x="25" y="17.5" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-weight="700" font-size="12" fill="#fff">elo</text>`,
  amex: svg`<rect width="40" height="26" rx="4" fill="#2e77bc"></rect>${word('AMEX', '#fff', 10)}`,
  hipercard: svg`<rect width="40" height="26" rx="4" fill="#b3131b"></rect>${word('Hiper', '#fff', 10.5, true)}`,
  pix: svg`<rect width="40" height="26" rx="4" fill="#fff" stroke="#d1d9e0"></rect>
    <g fill="none" stroke="#32bcad" stroke-width="2.4" stroke-linejoin="round">
      <path d="M20 4.5l8.5 8.5l-8.5 8.5l-8.5-8.5z"></path></g>
    <path d="M20 9.8l3.2 3.2l-3.2 3.2l-3.2-3.2z" fill="#32bcad"></path>`,
};

/** One mark as an `<svg role="img">` with its brand name as accessible name. */
export function brandMark(name: MarkName): TemplateResult {
  return html`<svg class="mark" part="brand-mark" role="img" aria-label=${MARK_LABELS[name]} viewBox="0 0 40 26" width="32" height="21"
    focusable="false" data-mark=${name}><title>${MARK_LABELS[name]}</title>${DRAWINGS[name]}</svg>`;
}

export const brandMarkStyles = css`
  .marks {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
  }
  .mark {
    display: block;
    flex: none;
    width: 32px;
    height: 21px;
  }
`;
