/** Query keys: everything of one city's evaluations starts with ['evaluations', tenant]. */
export const evaluationKeys = {
  all: (tenant: string) => ['evaluations', tenant] as const,
  list: (tenant: string) => ['evaluations', tenant, 'list'] as const,
  one: (tenant: string, id: number) => ['evaluations', tenant, 'one', id] as const,
  recommendations: (tenant: string, id: number) => ['evaluations', tenant, 'recommendations', id] as const,
};
