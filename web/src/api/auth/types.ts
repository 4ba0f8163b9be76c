export type Role = 'citizen' | 'organisation' | 'project_team' | 'staff' | 'steering' | 'admin';
export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: 'ro' | 'en' | 'hu';
  emailVerified: boolean;
}
export interface Me {
  authenticated: boolean;
  user: User | null;
  memberships: { tenant: string; roles: Role[] }[];
  csrfToken: string | null;
  abilities: { accessAdmin: boolean; adminTenants: string[] };
}
