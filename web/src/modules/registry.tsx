/**
 * Feature modules' pages. A module adds its routes (under /:tenant/…) and, if it has a public section,
 * a link on the city page. One line per module, like src/modules/registry.ts on the server.
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
}

export const MODULE_ROUTES: ModuleRoute[] = [];
export const CITY_SECTIONS: CitySection[] = [];
