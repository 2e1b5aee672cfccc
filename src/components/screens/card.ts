/** The card screen's chunk: the card form (imask, credit-card-type inside) and its strings. */
import { defineElement } from '../define.js';
import { BynetCardForm } from '../card-form/card-form.js';
import { addCardMessages } from '../../checkout/i18n-card.js';

export function define(): void {
  addCardMessages();
  defineElement('bynet-card-form', BynetCardForm);
}
