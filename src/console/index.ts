/**
 * The merchant console's browser entry (`bynet-checkout/console`): defines `<bynet-transactions>`,
 * `<bynet-transaction>` and `<bynet-customers>` (guarded: defining twice is harmless; nothing
 * happens where `customElements` does not exist). Never imported by the buyer's widget entry.
 */
import { defineElement } from '../components/define.js';
import { BynetTransaction } from './components/transaction.js';
import { BynetTransactions } from './components/transactions.js';
import { BynetCustomers } from './components/customers.js';

export { BynetTransaction, BynetTransactions, BynetCustomers };
export type { TransactionFilters } from './components/transactions.js';
export type { CustomerSearch } from './components/customers.js';
export { ConsoleApiError } from './components/api.js';
export type { ConsoleClientErrorCode } from './components/api.js';
export type { ConsoleLocale, ConsoleMessageKey, ConsoleMessages } from './i18n.js';
export type * from './types.js';
export { CONSOLE_METHODS, CONSOLE_STATUSES } from './types.js';

export function registerConsoleElements(): void {
  defineElement('bynet-transaction', BynetTransaction);
  defineElement('bynet-transactions', BynetTransactions);
  defineElement('bynet-customers', BynetCustomers);
}

if (typeof (globalThis as { customElements?: unknown }).customElements !== 'undefined') registerConsoleElements();

declare global {
  interface HTMLElementTagNameMap {
    'bynet-transaction': BynetTransaction;
    'bynet-transactions': BynetTransactions;
    'bynet-customers': BynetCustomers;
  }
}
