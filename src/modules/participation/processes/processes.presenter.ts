import { currentPhase } from './processes.phases.js';
import type { ProcessRow } from './processes.repository.js';

export const presentProcess = (p: ProcessRow) => ({ id: p.id, slug: p.slug, title: p.title, description: p.description, scope: p.scope, phases: p.phases, links: p.links, currentPhase: currentPhase(p.phases)?.key ?? null });
