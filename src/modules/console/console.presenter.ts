import type { ModuleBlock } from './console.service.js';

/** A module's overview block as the API sends it (absent optional parts made explicit). */
export function presentBlock(b: ModuleBlock) {
  return {
    module: b.module,
    key: b.key,
    path: b.path,
    figures: b.figures.map((f) => ({ key: f.key, value: f.value, ...(f.unit ? { unit: f.unit } : {}), ...(f.band !== undefined ? { band: f.band } : {}) })),
    items: (b.items ?? []).map((i) => ({ title: i.title, path: i.path, date: i.date ?? null })),
    headline: b.headline ?? null,
  };
}
