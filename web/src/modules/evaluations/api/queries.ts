import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { base } from '../../strategy';
import { evaluationKeys } from './keys';
import type { Evaluation, EvaluationList, RecommendationList } from './types';

export function useEvaluations(tenant: string | undefined) {
  return useQuery({ queryKey: evaluationKeys.list(tenant ?? ''), enabled: !!tenant, queryFn: () => api<EvaluationList>(`${base(tenant!)}/evaluations`) });
}

export function useEvaluation(tenant: string | undefined, id: number) {
  return useQuery({ queryKey: evaluationKeys.one(tenant ?? '', id), enabled: !!tenant && id > 0, queryFn: () => api<Evaluation>(`${base(tenant!)}/evaluations/${id}`) });
}

export function useRecommendations(tenant: string | undefined, id: number, enabled = true) {
  return useQuery({ queryKey: evaluationKeys.recommendations(tenant ?? '', id), enabled: !!tenant && id > 0 && enabled, queryFn: () => api<RecommendationList>(`${base(tenant!)}/evaluations/${id}/recommendations`) });
}
