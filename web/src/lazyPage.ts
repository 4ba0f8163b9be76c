/**
 * A page loaded with its own chunk (issue 18): `const KpiPage = lazyPage(() => import('./pages/KpiPage'), 'KpiPage')`
 * splits the page, and whatever only it imports (Leaflet, Chart.js), out of the entry. The router renders it
 * inside a Suspense boundary (App.tsx); `preload()` starts the download before the first render, so the
 * first page does not wait for the entry to run before asking for its chunk.
 */
import { type ComponentType, lazy, type LazyExoticComponent } from 'react';

export type LazyPage = LazyExoticComponent<ComponentType> & { preload(): Promise<unknown> };

export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyPage {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const get = () => (loading ??= load().then((m) => ({ default: m[name] })));
  return Object.assign(lazy(get), { preload: get });
}
