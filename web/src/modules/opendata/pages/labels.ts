import type { TFunction } from 'i18next';

/** People-friendly names for the EU data themes and formats. */
export function themeLabel(t: TFunction, code: string): string {
  return t(`opendata.themes.${code}`, { defaultValue: code });
}

export function formatSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
