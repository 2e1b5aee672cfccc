// The store's own script: reacts to the checkout's events. Kept in a file (not inline) so the
// page can run under a Content-Security-Policy without 'unsafe-inline'.
const checkout = document.querySelector('bynet-checkout');
const events = document.getElementById('events');

function note(text) {
  const li = document.createElement('li');
  li.textContent = text;
  events.append(li);
}

checkout.addEventListener('bynet-ready', (e) => note(`ready: ${e.detail.methods.join(', ')}`));
checkout.addEventListener('bynet-method-select', (e) => note(`method: ${e.detail.method}`));
checkout.addEventListener('bynet-payment-created', (e) => note(`payment: ${e.detail.paymentId}`));
checkout.addEventListener('bynet-payment-failed', (e) => note(`failed: ${e.detail.status}`));
checkout.addEventListener('bynet-error', (e) => note(`error: ${e.detail.code}`));
checkout.addEventListener('bynet-payment-complete', (e) => {
  note(`paid: ${e.detail.paymentId}`);
  document.getElementById('thanks').hidden = false;
  // Confirm the order on your server (from the webhook), never only from this event.
});
