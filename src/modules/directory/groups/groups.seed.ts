/**
 * The real groups named in the strategies, with no invented members: Timișoara's seven PartnerTeaM action
 * groups (one per ambition, named after it) and SmarTM, the steering group (digest-000, governance);
 * Baia Mare's UIM SSC-BM, the strategy's implementation and monitoring unit (digest-004, ch. 6.2).
 */
import { SYSTEM } from '../../../core/actor.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { ModuleServices } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import type { GroupsService } from './groups.service.js';
import type { GroupCreateInput } from './groups.schemas.js';

export async function seedGroups(tenant: TenantRow, svc: GroupsService, strategy: ModuleServices['strategy'] | undefined): Promise<number> {
  const defs: GroupCreateInput[] = [];
  if (tenant.slug === 'timisoara') {
    const tree = strategy ? await strategy.tree(tenant, SYSTEM).catch(() => undefined) : undefined;
    for (const p of (tree?.pillars ?? []).filter((x) => x.kind === 'ambition')) {
      const t = p.title as Multiloc;
      defs.push({
        slug: `grup-actiune-${p.code.toLowerCase()}`,
        kind: 'action_group',
        name: { ro: `Grupul de acțiune ${p.code} – ${t.ro}`, en: `Action group ${p.code} – ${t.en ?? t.ro}`, hu: `${p.code} akciócsoport – ${t.hu ?? t.en ?? t.ro}` },
        purpose: {
          ro: `Grupul de acțiune PartnerTeaM pentru ambiția ${p.code}: inițiază concepte de proiect, inclusiv termenii de referință pentru conținutul tehnologic. Se pot alătura persoane sau organizații.`,
          en: `The PartnerTeaM action group for ambition ${p.code}: it initiates project concepts, including the terms of reference for their technology content. Individuals or organisations can join.`,
          hu: `A PartnerTeaM akciócsoportja a(z) ${p.code} célkitűzéshez: projektkoncepciókat kezdeményez, a technológiai tartalom feladatleírásával együtt. Magánszemélyek és szervezetek is csatlakozhatnak.`,
        },
        strategyCode: p.code,
        composition: { ro: 'Persoane sau organizații din PartnerTeaM (Pactul de Smart City și Transformare Digitală Timișoara).', en: 'Individuals or organisations of PartnerTeaM (the Timișoara Smart City and Digital Transformation Pact).' },
        links: [],
        visibility: 'public',
        openToRequests: true,
      });
    }
    defs.push({
      slug: 'smartm',
      kind: 'steering_group',
      name: { ro: 'SmarTM – Grupul de coordonare', en: 'SmarTM – Steering group', hu: 'SmarTM – Irányítócsoport' },
      purpose: {
        ro: 'Deliberativ, cu accent pe principiile guvernanței și implementării, precum și pe oferirea de suport și recomandări în monitorizarea, evaluarea și actualizarea strategiei.',
        en: 'Deliberative; focuses on governance and implementation principles, and supports and advises on monitoring, evaluating and updating the strategy.',
      },
      links: [],
      visibility: 'public',
      openToRequests: false,
    });
  }
  if (tenant.slug === 'baia-mare') {
    defs.push({
      slug: 'uim-ssc-bm',
      kind: 'steering_group',
      name: { ro: 'UIM SSC-BM – Unitatea de implementare și monitorizare a Strategiei Smart City Baia Mare', en: 'UIM SSC-BM – Implementation and monitoring unit of the Baia Mare Smart City Strategy' },
      purpose: {
        ro: 'Ține evidența proiectelor și inițiativelor smart, consiliază echipele de proiect și colectează datele necesare monitorizării.',
        en: 'Keeps the record of smart projects and initiatives, advises project teams and collects the data needed for monitoring.',
      },
      composition: { ro: 'Unitate internă a Primăriei Municipiului Baia Mare, care va evolua într-un Departament de Inovare.', en: 'An internal unit of Baia Mare City Hall, to evolve into an Innovation Department.' },
      links: [{ title: 'baiamaresmartcity.ro', url: 'https://baiamaresmartcity.ro/' }],
      visibility: 'public',
      openToRequests: false,
    });
  }
  let created = 0;
  for (const d of defs) {
    if (await svc.repo.byKey(tenant.id, d.slug)) continue;
    await svc.create(SYSTEM, tenant, d);
    created++;
  }
  return created;
}
