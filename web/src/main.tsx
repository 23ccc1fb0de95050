import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import './i18n';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError, setUnauthenticatedHandler } from './api/client';
import { queryKeys } from './api/queries';
import { LOGIN_PATH, routes } from './routes';
import { theme } from './theme';

/** Retries only failures that may pass on a second try: network errors and server errors. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

const router = createBrowserRouter(routes);

// An expired or revoked session makes any call return 401: go to the login page, then come back.
// The login page shows « session expirée » only to a visitor who was signed in, not on a first visit.
setUnauthenticatedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === LOGIN_PATH) return;
  const wasSignedIn = queryClient.getQueryData(queryKeys.me) !== undefined;
  void router
    .navigate(LOGIN_PATH, { replace: true, state: { from: pathname + search, sessionExpired: wasSignedIn } })
    .then(() => queryClient.clear());
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} forceColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
