/**
 * Feature modules' pages, discovered at build time: each `web/src/modules/<feature>/routes.tsx` exports
 * `routes` (paths under /:tenant/…) and optionally `sections` (links on the city page). A module's UI
 * strings live in `web/src/modules/<feature>/i18n/{ro,en,hu}.json` under its own key (see ../i18n).
 */
import type { ComponentType, ReactNode } from 'react';

export interface ModuleRoute {
  /** a react-router path, e.g. "/:tenant/strategy" */
  path: string;
  element: ReactNode;
}

export interface CitySection {
  /** path under the city, e.g. "strategy" */
  path: string;
  /** i18n key of the link text */
  labelKey: string;
  /** i18n key of a one-line description */
  descriptionKey: string;
  /** order on the city page (lower first) */
  order?: number;
}

/** The staff console's groups, in the order they are shown. */
export const TOOL_GROUPS = ['strategy', 'participation', 'reports', 'data', 'community'] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

/** A tool a module offers staff: a link on the staff console, with the console counters it answers to. */
export interface StaffTool {
  /** path under the city, e.g. "reports/queue" */
  path: string;
  /** i18n key of the link text */
  labelKey: string;
  group: ToolGroup;
  /** counters from GET /tenants/{t}/console shown on the tool, as "<module>.<key>" */
  counters?: string[];
}

/**
 * What a module puts in the app's frame on every page: `signedIn` items in the main navigation (shown to a
 * signed-in person), `page` components after the footer (banners, dialogs). The frame names no module, and only
 * these components (not the rest of the module) load with the first page.
 */
export interface ModuleShell {
  signedIn?: ComponentType[];
  page?: ComponentType[];
}

interface ModuleRoutesFile {
  routes?: ModuleRoute[];
  sections?: CitySection[];
  tools?: StaffTool[];
  shell?: ModuleShell;
}

const files = import.meta.glob<ModuleRoutesFile>('./*/routes.tsx', { eager: true });

export const MODULE_ROUTES: ModuleRoute[] = Object.values(files).flatMap((f) => f.routes ?? []);
export const CITY_SECTIONS: CitySection[] = Object.values(files)
  .flatMap((f) => f.sections ?? [])
  .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
export const STAFF_TOOLS: StaffTool[] = Object.values(files).flatMap((f) => f.tools ?? []);
export const SHELL_SIGNED_IN: ComponentType[] = Object.values(files).flatMap((f) => f.shell?.signedIn ?? []);
export const SHELL_PAGE: ComponentType[] = Object.values(files).flatMap((f) => f.shell?.page ?? []);
