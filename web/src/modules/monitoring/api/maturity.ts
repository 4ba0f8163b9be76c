/**
 * The maturity matrix API: wire shapes mirrored from src/modules/monitoring/maturity/maturity.schemas.ts,
 * the queries and the staff's mutations.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { Multiloc } from '../../strategy/api/types';
import { base } from '../../strategy/api/keys';

export type CriterionState = 'achieved' | 'in_progress' | 'planned_2030' | 'not_started';
export const CRITERION_STATES: CriterionState[] = ['achieved', 'in_progress', 'planned_2030', 'not_started'];
export type EvidenceType = 'kpi' | 'project' | 'dataset' | 'sensor' | 'file';
export const EVIDENCE_TYPES: EvidenceType[] = ['kpi', 'project', 'dataset', 'sensor', 'file'];

export interface EvidenceLink {
  type: EvidenceType;
  ref: string;
  property?: string;
  label: Multiloc;
}
export interface AssessedCriterion {
  code: string;
  level: number;
  text: Multiloc;
  note?: string;
  state: CriterionState;
  previousState: CriterionState | null;
  evidence: { text: Multiloc | null; links: EvidenceLink[] };
  comment: Multiloc | null;
}
export type StateCounts = Record<CriterionState, number>;
export interface AssessedPillar {
  code: string;
  pillar: string;
  title: Multiloc;
  statedLevel: number | null;
  levelReached: number;
  levelInProgress: number;
  level2030: number;
  previousLevel: number | null;
  change: number | null;
  counts: StateCounts;
  criteria: AssessedCriterion[];
}
export interface MaturityLevel {
  level: number;
  name: Multiloc;
  description?: Multiloc;
}
export interface MaturityRound {
  id: number;
  name: Multiloc;
  status: 'draft' | 'published';
  reconstructed: boolean;
  note: Multiloc | null;
  basedOn: number | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  levels: MaturityLevel[];
  pillars: AssessedPillar[];
  counts: StateCounts;
  changedCriteria: { code: string; from: CriterionState; to: CriterionState }[];
  previous: { id: number; name: Multiloc; publishedAt: string | null } | null;
  abilities: { edit: boolean; publish: boolean };
}
export interface Maturity {
  enabled: boolean;
  source: 'strategy' | 'adopted' | 'own' | 'none';
  adoptedFrom: string | null;
  model: { levels: MaturityLevel[]; pillars: { code: string; title: Multiloc; criteria: { code: string; level: number; text: Multiloc }[] }[] } | null;
  round: MaturityRound | null;
  draft: { id: number; name: Multiloc } | null;
  abilities: { manage: boolean };
}
export interface RoundList {
  items: { id: number; name: Multiloc; status: 'draft' | 'published'; reconstructed: boolean; createdAt: string; publishedAt: string | null; levels: { pillar: string; levelReached: number }[] }[];
  abilities: { create: boolean };
}
export interface CriterionUpdate {
  code: string;
  state?: CriterionState;
  evidence?: { text?: Multiloc | null; links?: { type: EvidenceType; ref: string; property?: string }[] };
  comment?: Multiloc | null;
}

const keys = {
  all: (tenant: string) => ['monitoring', tenant, 'maturity'] as const,
  overview: (tenant: string) => ['monitoring', tenant, 'maturity', 'overview'] as const,
  rounds: (tenant: string) => ['monitoring', tenant, 'maturity', 'rounds'] as const,
  round: (tenant: string, id: number) => ['monitoring', tenant, 'maturity', 'round', id] as const,
};

export function useMaturity(tenant: string | undefined) {
  return useQuery({ queryKey: keys.overview(tenant ?? ''), enabled: !!tenant, queryFn: () => api<Maturity>(`${base(tenant!)}/maturity`) });
}

export function useMaturityRounds(tenant: string | undefined) {
  return useQuery({ queryKey: keys.rounds(tenant ?? ''), enabled: !!tenant, queryFn: () => api<RoundList>(`${base(tenant!)}/maturity/rounds`) });
}

export function useMaturityRound(tenant: string | undefined, id: number) {
  return useQuery({ queryKey: keys.round(tenant ?? '', id), enabled: !!tenant && id > 0, queryFn: () => api<MaturityRound>(`${base(tenant!)}/maturity/rounds/${id}`) });
}

function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.all(tenant) });
}

export function useCreateRound(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { name: Multiloc; copyFrom?: number | 'latest' }) => api<MaturityRound>(`${base(tenant)}/maturity/rounds`, { method: 'POST', body }), onSuccess: invalidate });
}

export function useUpdateRound(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { name?: Multiloc; criteria?: CriterionUpdate[] }) => api<MaturityRound>(`${base(tenant)}/maturity/rounds/${id}`, { method: 'PATCH', body }), onSuccess: invalidate });
}

export function usePublishRound(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: () => api<MaturityRound>(`${base(tenant)}/maturity/rounds/${id}/publish`, { method: 'POST' }), onSuccess: invalidate });
}

export function useSetModel(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { source: 'strategy' | 'none' } | { source: 'adopted'; from: string }) => api<Maturity>(`${base(tenant)}/maturity/model`, { method: 'PUT', body }), onSuccess: invalidate });
}
