import type { InterestRow } from './interests.repository.js';

export const presentInterest = (r: InterestRow) => ({ id: r.id, projectCode: r.project_code, name: r.name, organisation: r.organisation, email: r.email, role: r.role_offered, message: r.message, createdAt: r.created_at.toISOString() });
