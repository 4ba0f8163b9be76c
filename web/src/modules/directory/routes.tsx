/** The directory's pages (issue 16): organisations and the NGO register, groups and meetings, the calendar, the resource map. */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './directory.css';

const CalendarPage = lazyPage(() => import('./pages/CalendarPage'), 'CalendarPage');
const EventPage = lazyPage(() => import('./pages/EventPage'), 'EventPage');
const GroupPage = lazyPage(() => import('./pages/GroupsPage'), 'GroupPage');
const GroupsPage = lazyPage(() => import('./pages/GroupsPage'), 'GroupsPage');
const MeetingPage = lazyPage(() => import('./pages/MeetingPage'), 'MeetingPage');
const OrganisationPage = lazyPage(() => import('./pages/OrganisationPage'), 'OrganisationPage');
const OrganisationsPage = lazyPage(() => import('./pages/OrganisationsPage'), 'OrganisationsPage');
const RegisterOrganisationPage = lazyPage(() => import('./pages/OrganisationsPage'), 'RegisterOrganisationPage');
const ResourceMapPage = lazyPage(() => import('./pages/ResourceMapPage'), 'ResourceMapPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/organisations', element: <OrganisationsPage /> },
  { path: '/:tenant/organisations/new', element: <RegisterOrganisationPage /> },
  { path: '/:tenant/organisations/:id', element: <OrganisationPage /> },
  { path: '/:tenant/groups', element: <GroupsPage /> },
  { path: '/:tenant/groups/:slug', element: <GroupPage /> },
  { path: '/:tenant/groups/:slug/meetings/:id', element: <MeetingPage /> },
  { path: '/:tenant/calendar', element: <CalendarPage /> },
  { path: '/:tenant/events/:id', element: <EventPage /> },
  { path: '/:tenant/map', element: <ResourceMapPage /> },
];

export const sections: CitySection[] = [
  { path: 'organisations', labelKey: 'directory.section.organisations', descriptionKey: 'directory.section.organisationsDescription', order: 70 },
  { path: 'groups', labelKey: 'directory.section.groups', descriptionKey: 'directory.section.groupsDescription', order: 71 },
  { path: 'calendar', labelKey: 'directory.section.calendar', descriptionKey: 'directory.section.calendarDescription', order: 72 },
  { path: 'map', labelKey: 'directory.section.map', descriptionKey: 'directory.section.mapDescription', order: 73 },
];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [
  { path: 'organisations', labelKey: 'directory.tools.organisations', group: 'community' },
  { path: 'groups', labelKey: 'directory.tools.groups', group: 'community' },
  { path: 'calendar', labelKey: 'directory.tools.calendar', group: 'community' },
];
