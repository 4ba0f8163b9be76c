import type { ModuleRoute } from '../registry';
import { InboxPage } from './pages/InboxPage';
import { UnsubscribePage } from './pages/UnsubscribePage';

export const routes: ModuleRoute[] = [
  { path: '/unsubscribe/:token', element: <UnsubscribePage /> },
  { path: '/inbox', element: <InboxPage /> },
];
