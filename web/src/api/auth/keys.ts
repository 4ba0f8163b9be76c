export const authKeys = { me: ['auth', 'me'] as const, notifications: ['me', 'notifications'] as const };
