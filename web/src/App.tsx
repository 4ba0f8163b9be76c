import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { AccountPage } from './pages/AccountPage';
import { AdminPage } from './pages/AdminPage';
import { CityPage } from './pages/CityPage';
import { ConsolePage } from './pages/ConsolePage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPage } from './pages/ResetPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { VerifyPage } from './pages/VerifyPage';
import { MODULE_ROUTES } from './modules/registry';

/** Routes; each module's pages are added under /:tenant as the modules land. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Layout><HomePage /></Layout>} />
      <Route path="/signin" element={<Layout><SignInPage /></Layout>} />
      <Route path="/signup" element={<Layout><SignUpPage /></Layout>} />
      <Route path="/account" element={<Layout><AccountPage /></Layout>} />
      <Route path="/verify" element={<Layout><VerifyPage /></Layout>} />
      <Route path="/reset" element={<Layout><ResetPage /></Layout>} />
      <Route path="/admin" element={<Layout><AdminPage /></Layout>} />
      <Route path="/admin/:tenant" element={<Layout><AdminPage /></Layout>} />
      <Route path="/:tenant/admin" element={<Layout><ConsolePage /></Layout>} />
      {MODULE_ROUTES.map((r) => (
        <Route key={r.path} path={r.path} element={<Layout>{r.element}</Layout>} />
      ))}
      <Route path="/:tenant" element={<Layout><CityPage /></Layout>} />
      <Route path="*" element={<Layout><NotFoundPage /></Layout>} />
    </Routes>
  );
}
