import { useCallback, useState } from 'react';
import type { Locale } from 'bynet-checkout';
import { BynetCheckoutReact } from './CheckoutReact.js';

export interface AppProps {
  /** The merchant helper's base path (mounted by the storefront's server). */
  endpoint: string;
  /** The product being sold (a Bynet product link id). */
  product: string;
  locale?: Locale;
}

/** A product page: the checkout plus what the storefront does with its events. */
export function App({ endpoint, product, locale }: AppProps) {
  const [log, setLog] = useState<string[]>([]);
  const [paid, setPaid] = useState(false);
  const note = useCallback((line: string) => setLog((prev) => [...prev, line]), []);

  return (
    <main>
      <h1>{paid ? 'Obrigado!' : 'Checkout'}</h1>
      <BynetCheckoutReact
        endpoint={endpoint}
        product={product}
        locale={locale}
        onReady={(e) => note(`ready: ${e.detail.methods.join(', ')}`)}
        onMethodSelect={(e) => note(`method: ${e.detail.method}`)}
        onPaymentCreated={(e) => note(`payment: ${e.detail.paymentId}`)}
        onPaymentComplete={(e) => {
          note(`paid: ${e.detail.paymentId}`);
          setPaid(true);
        }}
        onPaymentFailed={(e) => note(`failed: ${e.detail.status}`)}
        onError={(e) => note(`error: ${e.detail.code}`)}
      />
      <ol aria-label="Checkout events" data-testid="events">
        {log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
