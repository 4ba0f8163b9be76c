/**
 * Evidence for a maturity criterion: each link must name something that exists in the city (a KPI, a project,
 * a published dataset, a sensor's series, a progress-report attachment), and is stored with its label so the
 * matrix still reads when the thing it names changes later.
 */
import type { z } from 'zod';
import { SYSTEM } from '../../../core/actor.js';
import type { FieldError } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { OpendataService } from '../../opendata/index.js';
import type { SensorsService } from '../../sensors/index.js';
import type { StrategyService } from '../../strategy/index.js';
import type { TenantRow } from '../../tenants/index.js';
import type { MaturityRepository } from './maturity.repository.js';
import type * as S from './maturity.schemas.js';
import type { EvidenceLink } from './maturity.tables.js';

export type StoredLink = EvidenceLink & { label: Multiloc };

/** What the links are checked against. */
export interface EvidenceSources {
  repo: MaturityRepository;
  strategy: StrategyService;
  opendata?: OpendataService | undefined;
  sensors?: SensorsService | undefined;
}

/** Each link must name something that exists in this city; its label is stored with it. */
export async function resolveEvidenceLinks(deps: EvidenceSources, tenant: TenantRow, links: z.infer<typeof S.EvidenceLinkIn>[], path: string, errors: FieldError[]): Promise<StoredLink[]> {
  const out: StoredLink[] = [];
  let kpis: Awaited<ReturnType<StrategyService['kpis']>> | undefined;
  for (const [j, l] of links.entries()) {
    const field = `${path}[${j}].ref`;
    const fail = (message: string, f = field) => errors.push({ field: f, message });
    switch (l.type) {
      case 'kpi': {
        kpis ??= await deps.strategy.kpis(tenant.id);
        const k = kpis.find((x) => x.code === l.ref);
        if (k) out.push({ type: 'kpi', ref: l.ref, label: k.name });
        else fail(`no KPI "${l.ref}" in this city`);
        break;
      }
      case 'project': {
        const p = await deps.strategy.getProject(tenant.id, l.ref);
        if (p) out.push({ type: 'project', ref: l.ref, label: p.title });
        else fail(`no project "${l.ref}" in this city`);
        break;
      }
      case 'dataset': {
        const d = deps.opendata ? await deps.opendata.dataset(tenant, l.ref).catch(() => null) : null;
        if (d) out.push({ type: 'dataset', ref: l.ref, label: d.title });
        else fail(`no published dataset "${l.ref}" in this city's catalogue`);
        break;
      }
      case 'sensor': {
        const id = /^\d{1,9}$/.test(l.ref) ? Number(l.ref) : null;
        const s = id !== null && deps.sensors ? await deps.sensors.getSensor(tenant, SYSTEM, id).catch(() => null) : null;
        if (!s) fail(`no sensor ${l.ref} in this city`);
        else if (!l.property || !s.streams.some((x) => x.property === l.property)) fail(`sensor ${l.ref} measures ${s.streams.map((x) => x.property).join(', ') || 'nothing yet'}`, `${path}[${j}].property`);
        else out.push({ type: 'sensor', ref: l.ref, property: l.property, label: { ro: `${s.thing.name} — ${l.property}` } });
        break;
      }
      case 'file': {
        const f = await deps.repo.attachment(tenant.id, l.ref);
        if (f?.file) out.push({ type: 'file', ref: l.ref, label: { ro: `${f.file.name} (raport de progres nr. ${f.number})`, en: `${f.file.name} (progress report no. ${f.number})`, hu: `${f.file.name} (${f.number}. előrehaladási jelentés)` } });
        else fail(`no progress-report attachment "${l.ref}" in this city`);
        break;
      }
    }
  }
  return out;
}
