import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

// `?product=` and `?endpoint=` let one build be pointed at any product of the demo back end.
const query = new URLSearchParams(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App
      endpoint={query.get('endpoint') ?? '/api/checkout'}
      product={query.get('product') ?? 'demo-product'}
      locale={query.get('locale') === 'en' ? 'en' : 'pt-BR'}
    />
  </StrictMode>,
);
