import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildInstallmentPlan } from '../../../src/brazil/installments.js';

type Row = [count: number, amount: number, total: number, interest: boolean];
const rows = (plans: ReturnType<typeof buildInstallmentPlan>): Row[] => plans.map((p) => [p.count, p.amount, p.total, p.interest]);

describe('buildInstallmentPlan', () => {
  it('R$ 49,90 in up to 12x at 3.49% a month (price table)', () => {
    // Installment = 4990 * 0.0349 / (1 - 1.0349^-n), computed with 50-digit decimals
    // and rounded half up: 2x 2626.36, 3x 1780.76, 4x 1358.21, 5x 1104.88, 6x 936.157,
    // 7x 815.782, 8x 725.626, 9x 655.613, 10x 599.702, 11x 554.046, 12x 516.081.
    assert.deepEqual(rows(buildInstallmentPlan(4990, { maxInstallments: 12, interestFreeUpTo: 1, monthlyInterestRate: 0.0349 })), [
      [1, 4990, 4990, false],
      [2, 2626, 5252, true],
      [3, 1781, 5343, true],
      [4, 1358, 5432, true],
      [5, 1105, 5525, true],
      [6, 936, 5616, true],
      [7, 816, 5712, true],
      [8, 726, 5808, true],
      [9, 656, 5904, true],
      [10, 600, 6000, true],
      [11, 554, 6094, true],
      [12, 516, 6192, true],
    ]);
  });

  it('drops counts whose installment falls under the minimum, keeping 1x', () => {
    const plans = buildInstallmentPlan(4990, { maxInstallments: 12, monthlyInterestRate: 0.0349, minInstallmentAmount: 1000 });
    assert.deepEqual(plans.map((p) => p.count), [1, 2, 3, 4, 5]);
    const tiny = buildInstallmentPlan(300, { maxInstallments: 12 });
    assert.deepEqual(rows(tiny), [[1, 300, 300, false]]);
  });

  it('splits interest-free counts with Math.round and keeps total = price', () => {
    // 10000/3 = 3333.33 -> 3333; 10000/6 = 1666.67 -> 1667; 10000/7 = 1428.57 -> 1429.
    assert.deepEqual(rows(buildInstallmentPlan(10000, { maxInstallments: 7, interestFreeUpTo: 7, monthlyInterestRate: 0.0199 })), [
      [1, 10000, 10000, false],
      [2, 5000, 10000, false],
      [3, 3333, 10000, false],
      [4, 2500, 10000, false],
      [5, 2000, 10000, false],
      [6, 1667, 10000, false],
      [7, 1429, 10000, false],
    ]);
    // 4990 / 4 = 1247.5 rounds half up to 1248.
    assert.equal(buildInstallmentPlan(4990, { maxInstallments: 4, interestFreeUpTo: 4 })[3]!.amount, 1248);
  });

  it('mixes interest-free and interest-bearing counts', () => {
    // R$ 1.000,00, 3x free, then 1.99% a month:
    // 4x = 100000*0.0199/(1-1.0199^-4) = 26256.002 -> 26256; 5x = 21209.682 -> 21210; 6x = 17846.557 -> 17847
    // (50-digit decimal arithmetic).
    assert.deepEqual(rows(buildInstallmentPlan(100000, { maxInstallments: 6, interestFreeUpTo: 3, monthlyInterestRate: 0.0199 })), [
      [1, 100000, 100000, false],
      [2, 50000, 100000, false],
      [3, 33333, 100000, false],
      [4, 26256, 105024, true],
      [5, 21210, 106050, true],
      [6, 17847, 107082, true],
    ]);
  });

  it('treats a zero rate as interest-free for every count', () => {
    const plans = buildInstallmentPlan(12000, { maxInstallments: 12 });
    assert.equal(plans.length, 12);
    assert.ok(plans.every((p) => !p.interest && p.total === 12000));
    assert.equal(plans[11]!.amount, 1000);
  });

  it('never lets an interest plan cost less than the price, and totals grow with the count', () => {
    for (const price of [990, 4990, 15990, 123456]) {
      const plans = buildInstallmentPlan(price, { maxInstallments: 24, interestFreeUpTo: 2, monthlyInterestRate: 0.0299, minInstallmentAmount: 0 });
      assert.equal(plans.length, 24);
      for (let i = 1; i < plans.length; i++) {
        assert.ok(plans[i]!.total >= plans[i - 1]!.total, `price ${price} count ${i + 1}`);
        if (plans[i]!.interest) assert.equal(plans[i]!.total, plans[i]!.amount * plans[i]!.count);
      }
    }
  });

  it('rejects invalid input', () => {
    assert.throws(() => buildInstallmentPlan(-1, { maxInstallments: 3 }), RangeError);
    assert.throws(() => buildInstallmentPlan(49.9, { maxInstallments: 3 }), RangeError);
    assert.throws(() => buildInstallmentPlan(4990, { maxInstallments: 0 }), RangeError);
    assert.throws(() => buildInstallmentPlan(4990, { maxInstallments: 25 }), RangeError);
    assert.throws(() => buildInstallmentPlan(4990, { maxInstallments: 3, interestFreeUpTo: 0 }), RangeError);
    assert.throws(() => buildInstallmentPlan(4990, { maxInstallments: 3, monthlyInterestRate: -0.01 }), RangeError);
    assert.throws(() => buildInstallmentPlan(4990, { maxInstallments: 3, monthlyInterestRate: Number.NaN }), RangeError);
  });

  it('handles a zero price', () => {
    assert.deepEqual(rows(buildInstallmentPlan(0, { maxInstallments: 12 })), [[1, 0, 0, false]]);
  });
});
