/**
 * Feature modules' pages, discovered at build time: each `web/src/modules/<feature>/routes.tsx` exports
 * `routes` (paths under /:tenant/…) and optionally `sections` (links on the city page). A module's UI
 * strings live in `web/src/modules/<feature>/i18n/{ro,en,hu}.json` under its own key (see ../i18n).
 */
import type { ReactNode } from 'react';

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

interface ModuleRoutesFile {
  routes?: ModuleRoute[];
  sections?: CitySection[];
}

const files = import.meta.glob<ModuleRoutesFile>('./*/routes.tsx', { eager: true });

export const MODULE_ROUTES: ModuleRoute[] = Object.values(files).flatMap((f) => f.routes ?? []);
export const CITY_SECTIONS: CitySection[] = Object.values(files)
  .flatMap((f) => f.sections ?? [])
  .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
