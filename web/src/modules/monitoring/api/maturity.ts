/**
 * The maturity matrix API: wire shapes from the generated OpenAPI types (web/src/api/schema.gen.ts, from
 * src/modules/monitoring/maturity/maturity.schemas.ts), the queries and the staff's mutations.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiGet, type Schemas } from '../../../api/client';
import { base } from '../../strategy';

export type Maturity = Schemas['Maturity'];
export type MaturityRound = Schemas['MaturityRound'];
export type AssessedPillar = MaturityRound['pillars'][number];
export type AssessedCriterion = AssessedPillar['criteria'][number];
export type EvidenceLink = AssessedCriterion['evidence']['links'][number];
export type CriterionState = AssessedCriterion['state'];
export type EvidenceType = EvidenceLink['type'];
export type RoundList = ApiGet<'/api/v1/tenants/{tenant}/maturity/rounds'>;
export type CriterionUpdate = NonNullable<ApiBody<'/api/v1/tenants/{tenant}/maturity/rounds/{id}', 'patch'>['criteria']>[number];
export const CRITERION_STATES = ['achieved', 'in_progress', 'planned_2030', 'not_started'] as const satisfies readonly CriterionState[];
export const EVIDENCE_TYPES = ['kpi', 'project', 'dataset', 'sensor', 'file'] as const satisfies readonly EvidenceType[];

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
  return useMutation({ mutationFn: (body: ApiBody<'/api/v1/tenants/{tenant}/maturity/rounds', 'post'>) => api<MaturityRound>(`${base(tenant)}/maturity/rounds`, { method: 'POST', body }), onSuccess: invalidate });
}

export function useUpdateRound(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: ApiBody<'/api/v1/tenants/{tenant}/maturity/rounds/{id}', 'patch'>) => api<MaturityRound>(`${base(tenant)}/maturity/rounds/${id}`, { method: 'PATCH', body }), onSuccess: invalidate });
}

export function usePublishRound(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: () => api<MaturityRound>(`${base(tenant)}/maturity/rounds/${id}/publish`, { method: 'POST' }), onSuccess: invalidate });
}

export function useSetModel(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { source: 'strategy' | 'none' } | { source: 'adopted'; from: string }) => api<Maturity>(`${base(tenant)}/maturity/model`, { method: 'PUT', body }), onSuccess: invalidate });
}
