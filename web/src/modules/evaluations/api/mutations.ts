import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { base, type Multiloc } from '../../strategy';
import { evaluationKeys } from './keys';
import type { Evaluation, EvaluationType, Recommendation, RecommendationStatus } from './types';

function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: evaluationKeys.all(tenant) });
}

export function useCreateEvaluation(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: { type: EvaluationType; title: Multiloc; periodStart: string; periodEnd: string; scope: string[] }) => api<Evaluation>(`${base(tenant)}/evaluations`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useWriteFinding(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: ({ scope, text }: { scope: string; text: Multiloc }) => api<Evaluation>(`${base(tenant)}/evaluations/${id}/findings/${encodeURIComponent(scope)}`, { method: 'PUT', body: { text } }),
    onSuccess: invalidate,
  });
}

export function useRoundAction(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (action: 'generate' | 'publish') => api<Evaluation>(`${base(tenant)}/evaluations/${id}/${action}`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

export function useCreateRecommendation(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: { text: Multiloc; addressedTo: string; status?: RecommendationStatus; reason?: string }) => api<Recommendation>(`${base(tenant)}/evaluations/${id}/recommendations`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useAnswerRecommendation(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: ({ rid, ...body }: { rid: number; answer: Multiloc; status?: RecommendationStatus; reason?: string }) => api<Recommendation>(`${base(tenant)}/evaluations/${id}/recommendations/${rid}/answer`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}
