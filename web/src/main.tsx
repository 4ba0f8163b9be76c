import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes, preloadPage } from './App';
import { ApiError } from './api/client';
import { i18nReady } from './i18n';
import './styles.css';

// A 4xx answer (not signed in, not allowed, not found) will not change on a retry; a network error or 5xx may.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500), refetchOnWindowFocus: false } } });

// The language's strings and the first page's chunk download in parallel; render once both are in, so the
// first paint is the page, not a loading message.
const rendered = Promise.all([i18nReady, preloadPage(window.location.pathname)]).catch(() => undefined);

void rendered.then(() =>
  createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
  ),
);
