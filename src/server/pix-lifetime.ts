/** The PIX lifetime a payment gets (the one `/config` states). */
import type { Payment } from '../contract/payment.js';
import { PIX_LIFETIME_CLAMPED_TO_CONFIG } from './gateway/assumptions.js';

/**
 * The PIX lifetime `/config` states is the one the payment gets: the gateway takes whole days
 * only (a PIX there lives at least 24 h), so the payment expires at the earlier of the gateway's
 * date and `createdAt + pixExpiresInSeconds` (see PIX_LIFETIME_CLAMPED_TO_CONFIG).
 */
export function clampPixLifetime(payment: Payment, createdAtMs: number, seconds: number): Payment {
  if (!PIX_LIFETIME_CLAMPED_TO_CONFIG || !payment.pix) return payment;
  const limit = createdAtMs + seconds * 1000;
  const at = Date.parse(payment.pix.expiresAt);
  if (Number.isFinite(at) && at <= limit) return payment;
  return { ...payment, pix: { ...payment.pix, expiresAt: new Date(limit).toISOString() } };
}

