import type { ModuleRoute, ModuleShell } from '../registry';
import { InboxLink } from './components/InboxLink';
import { InboxPage } from './pages/InboxPage';
import { UnsubscribePage } from './pages/UnsubscribePage';

export const routes: ModuleRoute[] = [
  { path: '/unsubscribe/:token', element: <UnsubscribePage /> },
  { path: '/inbox', element: <InboxPage /> },
];

/** the inbox link (with its unread count) in the navigation of every page */
export const shell: ModuleShell = { signedIn: [InboxLink] };
