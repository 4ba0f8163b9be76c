/** Query keys: everything of one city's monitoring starts with ['monitoring', tenant]. */
export const monitoringKeys = {
  all: (tenant: string) => ['monitoring', tenant] as const,
  reports: (tenant: string) => ['monitoring', tenant, 'reports'] as const,
  report: (tenant: string, id: number) => ['monitoring', tenant, 'report', id] as const,
  overdue: (tenant: string) => ['monitoring', tenant, 'overdue'] as const,
  teams: (tenant: string) => ['monitoring', tenant, 'teams'] as const,
  reporting: (tenant: string, code: string) => ['monitoring', tenant, 'reporting', code] as const,
};
