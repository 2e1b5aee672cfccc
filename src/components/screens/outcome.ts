/**
 * The outcome chunk: what the buyer sees only after paying or failing (the confirmation's receipt,
 * card refusal advice, the expired and unverified views' strings), and the refusal code of
 * `bynet-payment-failed`. Fetched alongside each payment screen's chunk, so it is in before any
 * outcome; a resumed payment and any other way to an outcome load it on their own (see load.ts).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { formatMoney } from '../../brazil/money.js';
import { addOutcomeMessages } from '../../checkout/i18n-outcome.js';
import type { Locale, Translate } from '../../checkout/i18n.js';
import type { PaidState } from '../../checkout/machine.js';
import { brandName, formatReceiptDate, refusalCode, refusalKey, refusalKind } from '../../checkout/receipt.js';
import type { Payment } from '../../contract/payment.js';

export { refusalCode };

export function define(): void {
  addOutcomeMessages();
}

/**
 * A card refusal in our words, by code (never the gateway's text in English); in pt-BR a code we
 * do not know keeps the gateway's own reason, followed by our advice.
 */
export function refusalText(t: Translate, locale: Locale, refusal: Payment['refusal'], reason: string | undefined): string {
  const kind = refusalKind(refusal);
  const said = reason?.trim().replace(/[\s.!]+$/, '');
  if (kind === 'generic' && said && locale === 'pt-BR') return t('card.refused', { reason: said });
  return t(refusalKey(kind));
}

/**
 * The confirmation as a receipt: what the gateway charged (`payment.amount`, installment interest
 * included), what happens next for the method, then order and payment references, method (card
 * brand and last digits), installments, date and what was bought. `message` renders the success
 * box (the root's status message).
 */
export function paidView(
  t: Translate,
  locale: Locale,
  s: PaidState,
  message: (heading: string, body: string) => TemplateResult,
): TemplateResult {
  const p = s.payment;
  const amount = formatMoney(p.amount, locale);
  const count = p.installments ?? 1;
  const card = p.method === 'CREDIT_CARD';
  const at = Date.parse(p.updatedAt);
  const rows = [
    s.ctx && [t('receipt.item'), s.ctx.config.checkout.title],
    [t('receipt.order'), p.orderId],
    [t('receipt.payment'), p.id],
    [
      t('receipt.method'),
      card && p.card?.brand && p.card.last4 ? t('receipt.card', { brand: brandName(p.card.brand), last4: p.card.last4 }) : t(`method.${p.method}`),
    ],
    card && [t('receipt.installments'), count > 1 ? t('receipt.installments.count', { count }) : t('receipt.installments.single')],
    [t('receipt.total'), amount],
    at === at && [t('receipt.date'), formatReceiptDate(at, locale)],
  ];
  return html`${message(t('paid.title'), `${t(count > 1 ? 'paid.body.installments' : 'paid.body', { amount, count })} ${t(`receipt.next.${p.method}`)}`)}
    <section class="receipt" part="receipt" aria-labelledby="receipt-heading">
      <h3 id="receipt-heading">${t('receipt.label')}</h3>
      <dl>${rows.map((row) => (row ? html`<div><dt>${row[0]}</dt><dd>${row[1]}</dd></div>` : nothing))}</dl>
    </section>`;
}
