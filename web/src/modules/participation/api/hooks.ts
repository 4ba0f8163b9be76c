import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiGet } from '../../../api/client';
import type { AnswerValue, Ballot, Process, Budget, BudgetProjects, BudgetResults, CommentItem, Proposal, ProposalDetail, SimilarProposal, Survey, SurveyResults, SurveySummary } from './types';

export const base = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}`;
export const participationKeys = { all: (tenant: string) => ['participation', tenant] as const };
const key = (tenant: string | undefined, ...rest: unknown[]) => ['participation', tenant ?? '', ...rest];

export function useSurveys(tenant: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'surveys'), enabled: !!tenant, queryFn: async () => (await api<{ items: SurveySummary[] }>(`${base(tenant!)}/surveys`)).items });
}
/**
 * The browser token of anonymous answers: a random id kept in this browser only (created on the first
 * anonymous answer). It is how "one answer per browser" is checked — a weak rule the form states plainly.
 */
const TOKEN_KEY = 'urbia.participation.browserToken';
export function browserToken(create: boolean): string | undefined {
  try {
    let v = localStorage.getItem(TOKEN_KEY) ?? undefined;
    if (!v && create) {
      v = crypto.randomUUID();
      localStorage.setItem(TOKEN_KEY, v);
    }
    return v;
  } catch {
    return undefined;
  }
}
export function useSurvey(tenant: string | undefined, id: string | undefined) {
  return useQuery({
    queryKey: key(tenant, 'survey', id),
    enabled: !!tenant && !!id,
    queryFn: () => {
      const token = browserToken(false);
      return api<Survey>(`${base(tenant!)}/surveys/${encodeURIComponent(id!)}${token ? `?browserToken=${encodeURIComponent(token)}` : ''}`);
    },
  });
}
export function useSurveyResults(tenant: string | undefined, id: string | undefined, attr = '') {
  const q = attr ? `?attr=${encodeURIComponent(attr)}` : '';
  return useQuery({ queryKey: key(tenant, 'survey-results', id, attr), enabled: !!tenant && !!id, placeholderData: keepPreviousData, queryFn: () => api<SurveyResults>(`${base(tenant!)}/surveys/${encodeURIComponent(id!)}/results${q}`) });
}
function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) });
}
export function useRespond(tenant: string, id: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: { answers: Record<string, AnswerValue>; profile?: Record<string, string>; anonymous?: boolean }) =>
      api<{ id: number }>(`${base(tenant)}/surveys/${encodeURIComponent(id)}/responses`, {
        method: 'POST',
        body: { answers: body.answers, ...(body.profile && Object.keys(body.profile).length ? { profile: body.profile } : {}), ...(body.anonymous ? { browserToken: browserToken(true) } : {}) },
      }),
    onSuccess: invalidate,
  });
}
/** Staff: close an open consultation or open a closed one again. */
export function useSurveyStatus(tenant: string, id: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (status: 'open' | 'closed') => api<{ status: string }>(`${base(tenant)}/surveys/${encodeURIComponent(id)}/status`, { method: 'PUT', body: { status } }), onSuccess: invalidate });
}

export function useBudgets(tenant: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'budgets'), enabled: !!tenant, queryFn: async () => (await api<{ items: Budget[] }>(`${base(tenant!)}/budgets`)).items });
}
export function useBudgetProjects(tenant: string | undefined, id: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'budget', id), enabled: !!tenant && !!id, queryFn: () => api<BudgetProjects>(`${base(tenant!)}/budgets/${encodeURIComponent(id!)}/projects`) });
}
export function useBallot(tenant: string | undefined, id: string | undefined, signedIn: boolean) {
  return useQuery({ queryKey: key(tenant, 'ballot', id), enabled: !!tenant && !!id && signedIn, queryFn: () => api<Ballot>(`${base(tenant!)}/budgets/${encodeURIComponent(id!)}/ballot`) });
}
export function useSaveBallot(tenant: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ projectIds, age }: { projectIds: number[]; age?: number | undefined }) => api<Ballot>(`${base(tenant)}/budgets/${encodeURIComponent(id)}/ballot`, { method: 'PUT', body: { projectIds, ...(age !== undefined ? { age } : {}) } }),
    // The box ticks at once; the server's answer (running total, problems) follows, or the tick is undone.
    onMutate: async ({ projectIds }) => {
      // A ballot read still in flight (the first load, a refetch) must not land after the tick and undo it.
      await qc.cancelQueries({ queryKey: key(tenant, 'ballot', id) });
      const previous = qc.getQueryData<Ballot>(key(tenant, 'ballot', id));
      if (previous) qc.setQueryData(key(tenant, 'ballot', id), { ...previous, projectIds });
      return { previous };
    },
    onError: (_e, _v, c) => {
      if (c?.previous) qc.setQueryData(key(tenant, 'ballot', id), c.previous);
    },
    onSuccess: (b) => qc.setQueryData(key(tenant, 'ballot', id), b),
  });
}
export function useCheckout(tenant: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<Ballot>(`${base(tenant)}/budgets/${encodeURIComponent(id)}/ballot/checkout`, { method: 'POST' }),
    onSuccess: (b) => {
      qc.setQueryData(key(tenant, 'ballot', id), b);
      void qc.invalidateQueries({ queryKey: key(tenant, 'budget-results', id) });
    },
  });
}
export function useBudgetResults(tenant: string | undefined, id: string | undefined, rule: string) {
  return useQuery({ queryKey: key(tenant, 'budget-results', id, rule), enabled: !!tenant && !!id, queryFn: () => api<BudgetResults>(`${base(tenant!)}/budgets/${encodeURIComponent(id!)}/results?rule=${rule}`) });
}

export function useProposals(tenant: string | undefined, sort: string) {
  return useQuery({ queryKey: key(tenant, 'proposals', sort), enabled: !!tenant, queryFn: async () => (await api<{ items: Proposal[] }>(`${base(tenant!)}/proposals?sort=${sort}`)).items });
}
export function useSimilar(tenant: string | undefined, q: string) {
  return useQuery({ queryKey: key(tenant, 'similar', q), enabled: !!tenant && q.trim().length >= 5, queryFn: async () => (await api<{ items: SimilarProposal[] }>(`${base(tenant!)}/proposals/similar?q=${encodeURIComponent(q)}`)).items });
}
export function useProposal(tenant: string | undefined, id: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'proposal', id), enabled: !!tenant && !!id, queryFn: () => api<ProposalDetail>(`${base(tenant!)}/proposals/${encodeURIComponent(id!)}`) });
}
export function useCreateProposal(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { title: string; body: string; lat?: number; lon?: number }) => api<{ id: number }>(`${base(tenant)}/proposals`, { method: 'POST', body }), onSuccess: invalidate });
}
export function useSupport(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: () => api<{ supports: number }>(`${base(tenant)}/proposals/${id}/supports`, { method: 'POST' }), onSuccess: invalidate });
}
export function useAnswerProposal(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { state: string; answer: { ro: string; en?: string; hu?: string } }) => api<null>(`${base(tenant)}/proposals/${id}/answer`, { method: 'PUT', body }), onSuccess: invalidate });
}
export function useConvertProposal(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { kind: string; code: string; parent: string; category?: string }) => api<{ strategyCode: string }>(`${base(tenant)}/proposals/${id}/convert`, { method: 'POST', body }), onSuccess: invalidate });
}
export function useComments(tenant: string | undefined, on: string) {
  return useQuery({ queryKey: key(tenant, 'comments', on), enabled: !!tenant, queryFn: async () => (await api<{ items: CommentItem[] }>(`${base(tenant!)}/comments?on=${encodeURIComponent(on)}`)).items });
}
export function usePostComment(tenant: string, on: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { body: string; parentId?: number }) => api<{ id: number }>(`${base(tenant)}/comments`, { method: 'POST', body: { on, ...body } }), onSuccess: invalidate });
}
export function useCommentAction(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: ({ id, action, text }: { id: number; action: 'edit' | 'flag' | 'hide'; text: string }) =>
      action === 'edit'
        ? api<null>(`${base(tenant)}/comments/${id}`, { method: 'PATCH', body: { body: text } })
        : api<null>(`${base(tenant)}/comments/${id}/${action === 'flag' ? 'flags' : 'hide'}`, { method: 'POST', body: { reason: text } }),
    onSuccess: invalidate,
  });
}

export function useProcesses(tenant: string | undefined, project?: string) {
  const q = project ? `?project=${encodeURIComponent(project)}` : '';
  return useQuery({ queryKey: key(tenant, 'processes', project ?? ''), enabled: !!tenant, queryFn: async () => (await api<{ items: Process[] }>(`${base(tenant!)}/processes${q}`)).items });
}
export function useProcess(tenant: string | undefined, id: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'process', id), enabled: !!tenant && !!id, queryFn: () => api<ApiGet<'/api/v1/tenants/{tenant}/processes/{id}'>>(`${base(tenant!)}/processes/${encodeURIComponent(id!)}`) });
}
