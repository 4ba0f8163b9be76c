import type { ProposalRow } from './proposals.repository.js';

export const presentProposal = (p: ProposalRow) => ({ id: p.id, title: p.title, body: p.body, category: p.category, lat: p.lat, lon: p.lon, state: p.state, answer: p.answer, answeredAt: p.answered_at?.toISOString() ?? null, strategyCode: p.strategy_code, supports: p.supports_count, processId: p.process_id, createdAt: p.created_at.toISOString() });

export const presentSimilar = (r: { id: number; title: string; state: string; supports_count: number }) => ({ id: r.id, title: r.title, state: r.state, supports: r.supports_count });
