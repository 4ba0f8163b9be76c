import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../../api/client';
import { apiCode } from '../format';
import { base, queryString, strategyKeys } from './keys';
import type { EditorialNotes, TranslationStatus, KpiDetail, KpiFilters, KpiList, ProjectDetail, ProjectFilters, ProjectList, ProjectSummary, RevisionDiff, RevisionList, StrategyTree } from './types';

/** The whole strategy tree with counts and per-ambition progress; null when the city has none. */
export function useStrategyTree(tenant: string | undefined) {
  return useQuery({
    queryKey: strategyKeys.tree(tenant ?? ''),
    enabled: !!tenant,
    queryFn: async () => {
      try {
        return await api<StrategyTree>(`${base(tenant!)}/strategy`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useProjects(tenant: string | undefined, filters: ProjectFilters) {
  return useQuery({
    queryKey: strategyKeys.projects(tenant ?? '', filters),
    enabled: !!tenant,
    placeholderData: keepPreviousData,
    queryFn: () => api<ProjectList>(`${base(tenant!)}/projects${queryString(filters)}`),
  });
}

/** Every project of the city (for totals such as the budget by ambition), fetched 200 at a time. */
export function useAllProjects(tenant: string | undefined) {
  return useQuery({
    queryKey: strategyKeys.allProjects(tenant ?? ''),
    enabled: !!tenant,
    queryFn: async () => {
      const items: ProjectSummary[] = [];
      for (let page = 1; page <= 50; page++) {
        const res = await api<ProjectList>(`${base(tenant!)}/projects${queryString({ page, limit: 200 })}`);
        items.push(...res.items);
        if (items.length >= res.total || res.items.length === 0) break;
      }
      return items;
    },
  });
}

/** null when there is no such project (404), so the page can say so. */
export function useProject(tenant: string | undefined, code: string | undefined) {
  return useQuery({
    queryKey: strategyKeys.project(tenant ?? '', code ?? ''),
    enabled: !!tenant && !!code,
    queryFn: async () => {
      try {
        return await api<ProjectDetail>(`${base(tenant!)}/projects/${apiCode(code!)}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useKpis(tenant: string | undefined, filters: KpiFilters) {
  return useQuery({
    queryKey: strategyKeys.kpis(tenant ?? '', filters),
    enabled: !!tenant,
    placeholderData: keepPreviousData,
    queryFn: () => api<KpiList>(`${base(tenant!)}/kpis${queryString(filters)}`),
  });
}

export function useKpi(tenant: string | undefined, code: string | undefined) {
  return useQuery({
    queryKey: strategyKeys.kpi(tenant ?? '', code ?? ''),
    enabled: !!tenant && !!code,
    queryFn: async () => {
      try {
        return await api<KpiDetail>(`${base(tenant!)}/kpis/${apiCode(code!)}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useRevisions(tenant: string | undefined, enabled = true) {
  return useQuery({
    queryKey: strategyKeys.revisions(tenant ?? ''),
    enabled: !!tenant && enabled,
    queryFn: () => api<RevisionList>(`${base(tenant!)}/revisions`),
  });
}

export function useRevisionDiff(tenant: string | undefined, a: string | null, b: string | null) {
  return useQuery({
    queryKey: strategyKeys.diff(tenant ?? '', a ?? '', b ?? ''),
    enabled: !!tenant && !!a && !!b,
    queryFn: () => api<RevisionDiff>(`${base(tenant!)}/revisions/${encodeURIComponent(a!)}/diff/${encodeURIComponent(b!)}`),
  });
}

/**
 * Staff only: the editorial notes written while transcribing the strategy (never in public responses), as a
 * map "entity:code" → note. Disabled for everyone else, so a citizen's browser never asks.
 */
export function useEditorialNotes(tenant: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: strategyKeys.notes(tenant ?? ''),
    enabled: !!tenant && enabled,
    queryFn: async () => {
      const res = await api<EditorialNotes>(`${base(tenant!)}/strategy/notes`);
      return new Map(res.items.map((n) => [`${n.entity}:${n.code}`, n.note]));
    },
  });
}

/** Staff only: per language, how much of the strategy is translated and what needs translation. */
export function useTranslationStatus(tenant: string | undefined) {
  return useQuery({
    queryKey: strategyKeys.translations(tenant ?? ''),
    enabled: !!tenant,
    queryFn: () => api<TranslationStatus>(`${base(tenant!)}/strategy/translations`),
  });
}
