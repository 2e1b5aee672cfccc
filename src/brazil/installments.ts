/** Card installment plans ("parcelamento"), in integer cents. */

export interface InstallmentPlanOptions {
  /** Largest count offered (1..24). */
  maxInstallments: number;
  /** Counts up to this are interest-free ("sem juros"). Default 1. */
  interestFreeUpTo?: number;
  /** Monthly compound rate for the other counts, e.g. 0.0199. Default 0. */
  monthlyInterestRate?: number;
  /** Counts whose installment is below this (cents) are dropped; 1x is always kept. Default 500. */
  minInstallmentAmount?: number;
}

export interface InstallmentPlan {
  count: number;
  /** Each installment, cents. */
  amount: number;
  /** Total charged, cents. */
  total: number;
  /** True when this plan charges interest. */
  interest: boolean;
}

/** Round half up, tolerant of binary noise such as 1234.4999999999 for an exact .5. */
function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5 + 1e-9);
}

/**
 * Installment plans for `amount` cents. Interest-free counts split the price
 * (`Math.round(price / n)`, total = price). Counts above `interestFreeUpTo` use the price
 * table (compound) formula `P·i / (1 − (1+i)^−n)`, rounded half up to the cent, with total =
 * installment × count. Throws `RangeError` on invalid input.
 */
export function buildInstallmentPlan(amount: number, o: InstallmentPlanOptions): InstallmentPlan[] {
  const { maxInstallments, interestFreeUpTo = 1, monthlyInterestRate = 0, minInstallmentAmount = 500 } = o;
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative integer of cents');
  if (!Number.isInteger(maxInstallments) || maxInstallments < 1 || maxInstallments > 24) {
    throw new RangeError('maxInstallments must be an integer from 1 to 24');
  }
  if (!Number.isInteger(interestFreeUpTo) || interestFreeUpTo < 1) throw new RangeError('interestFreeUpTo must be an integer >= 1');
  if (!(monthlyInterestRate >= 0 && monthlyInterestRate < 1)) throw new RangeError('monthlyInterestRate must be in [0, 1)');
  if (!(minInstallmentAmount >= 0)) throw new RangeError('minInstallmentAmount must be >= 0');

  const plans: InstallmentPlan[] = [];
  for (let n = 1; n <= maxInstallments; n++) {
    let plan: InstallmentPlan;
    if (n <= interestFreeUpTo || monthlyInterestRate === 0) {
      plan = { count: n, amount: Math.round(amount / n), total: amount, interest: false };
    } else {
      const i = monthlyInterestRate;
      const each = roundHalfUp((amount * i) / (1 - Math.pow(1 + i, -n)));
      plan = { count: n, amount: each, total: each * n, interest: true };
    }
    if (n === 1 || plan.amount >= minInstallmentAmount) plans.push(plan);
  }
  return plans;
}
