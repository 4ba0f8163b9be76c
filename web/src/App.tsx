import { isValidElement, type ReactNode, Suspense } from 'react';
import { matchRoutes, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';
import { lazyPage } from './lazyPage';
import { MODULE_ROUTES } from './modules/registry';

// Every page is its own chunk (issue 18): the entry holds React, the router, the query client, i18n and the
// layout; a page brings its own code, and only pages that draw maps or charts bring Leaflet or Chart.js.
const AccountPage = lazyPage(() => import('./pages/AccountPage'), 'AccountPage');
const AdminPage = lazyPage(() => import('./pages/AdminPage'), 'AdminPage');
const CityPage = lazyPage(() => import('./pages/CityPage'), 'CityPage');
const ConsolePage = lazyPage(() => import('./pages/ConsolePage'), 'ConsolePage');
const HomePage = lazyPage(() => import('./pages/HomePage'), 'HomePage');
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage'), 'NotFoundPage');
const ResetPage = lazyPage(() => import('./pages/ResetPage'), 'ResetPage');
const SignInPage = lazyPage(() => import('./pages/SignInPage'), 'SignInPage');
const SignUpPage = lazyPage(() => import('./pages/SignUpPage'), 'SignUpPage');
const VerifyPage = lazyPage(() => import('./pages/VerifyPage'), 'VerifyPage');

/** The route table, in matching order; each module's pages are added under /:tenant as the modules land. */
const ROUTES: { path: string; element: ReactNode }[] = [
  { path: '/', element: <HomePage /> },
  { path: '/signin', element: <SignInPage /> },
  { path: '/signup', element: <SignUpPage /> },
  { path: '/account', element: <AccountPage /> },
  { path: '/verify', element: <VerifyPage /> },
  { path: '/reset', element: <ResetPage /> },
  { path: '/admin', element: <AdminPage /> },
  { path: '/admin/:tenant', element: <AdminPage /> },
  { path: '/:tenant/admin', element: <ConsolePage /> },
  ...MODULE_ROUTES,
  { path: '/:tenant', element: <CityPage /> },
  { path: '*', element: <NotFoundPage /> },
];

/**
 * Starts downloading the chunk of the page at `pathname`, so it loads in parallel with the language's
 * strings instead of after the first render (main.tsx calls it before rendering).
 */
export function preloadPage(pathname: string): Promise<unknown> {
  const element = matchRoutes(ROUTES, pathname)?.at(-1)?.route.element;
  const type = isValidElement(element) ? (element.type as { preload?: () => Promise<unknown> }) : undefined;
  return type?.preload?.() ?? Promise.resolve();
}

/** Routes. The Suspense fallback sits inside the layout, so the header and footer never jump while a page loads. */
export function AppRoutes() {
  return (
    <Routes>
      {ROUTES.map((r) => (
        <Route
          key={r.path}
          path={r.path}
          element={
            <Layout>
              <Suspense fallback={<Loading />}>{r.element}</Suspense>
            </Layout>
          }
        />
      ))}
    </Routes>
  );
}
