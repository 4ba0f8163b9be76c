import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type ApiGet } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormMessage, fieldError } from '../../../components/FormMessage';
import { base, participationKeys } from '../api/hooks';
import { TextsFields, textsOf } from './TextsFields';

export type ProcessDetail = ApiGet<'/api/v1/tenants/{tenant}/processes/{id}'>;
type PhaseIn = ProcessDetail['phases'][number];
type Component = PhaseIn['components'][number];
type LinkIn = ProcessDetail['links'][number];
const COMPONENTS: Component[] = ['propose', 'comment', 'support', 'vote', 'answer'];
const LINK_TYPES: LinkIn['type'][] = ['pillar', 'objective', 'project'];

interface PhaseDraft {
  key: string;
  ro: string;
  en: string;
  hu: string;
  start: string;
  end: string;
  components: Component[];
}
const ml = (ro: string, en: string, hu: string) => ({ ro, ...(en.trim() ? { en } : {}), ...(hu.trim() ? { hu } : {}) });
const toDraft = (p: PhaseIn): PhaseDraft => ({ key: p.key, ro: p.title.ro, en: p.title.en ?? '', hu: p.title.hu ?? '', start: p.start, end: p.end, components: [...p.components] });
/** a key no other phase has: kept for existing phases (proposals refer to the phase by it), generated for new ones */
const freshKey = (phases: PhaseDraft[]) => {
  let n = phases.length + 1;
  while (phases.some((p) => p.key === `etapa-${n}`)) n++;
  return `etapa-${n}`;
};

/**
 * Staff: create or edit a participatory process with ordinary inputs — texts in ro/en/hu, the phases as
 * cards (dates, title in three languages, what people can do) that can be added, moved and removed, and the
 * links to the strategy. The server's field errors (`phases[1].end`, `links[0].code`) show next to the input.
 */
export function ProcessForm({ tenant, initial, onSaved }: { tenant: string; initial?: ProcessDetail; onSaved: (slug: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const uid = useId();
  const [f, setF] = useState({ ...textsOf(initial), scope: initial?.scope ?? 'city' });
  const [phases, setPhases] = useState<PhaseDraft[]>(() => initial?.phases.map(toDraft) ?? []);
  const [links, setLinks] = useState<LinkIn[]>(() => initial?.links ?? []);
  const [announce, setAnnounce] = useState('');
  const moveRefs = useRef(new Map<string, HTMLButtonElement | null>());
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const setPhase = (i: number, patch: Partial<PhaseDraft>) => setPhases((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      initial ? api<ProcessDetail>(`${base(tenant)}/processes/${encodeURIComponent(initial.slug)}`, { method: 'PUT', body }) : api<{ id: number }>(`${base(tenant)}/processes`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) }),
  });
  const err = save.error;
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= phases.length) return;
    const next = [...phases];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setPhases(next);
    const p = phases[i]!;
    setAnnounce(t('participation.processForm.moved', { title: p.ro || p.key, position: j + 1, count: phases.length }));
    // keep focus on the button that was pressed, now on the moved card
    requestAnimationFrame(() => moveRefs.current.get(`${p.key}:${by}`)?.focus());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      ...(initial ? {} : { slug: f.slug }),
      title: ml(f.titleRo, f.titleEn, f.titleHu),
      description: ml(f.descriptionRo, f.descriptionEn, f.descriptionHu),
      scope: f.scope || 'city',
      phases: phases.map((p) => ({ key: p.key, title: ml(p.ro, p.en, p.hu), start: p.start, end: p.end, components: p.components })),
      links: links.map((l) => ({ type: l.type, code: l.code.trim() })),
    };
    save.mutate(body, { onSuccess: () => onSaved(initial?.slug ?? f.slug) });
  };
  return (
    <form onSubmit={submit} noValidate className="process-form">
      <TextsFields f={f} set={set} error={err} withSlug={!initial} descriptionIn="processForm" />
      <Field label={t('participation.processForm.scope')} hint={t('participation.processForm.scopeHint')} value={f.scope} onChange={set('scope')} error={fieldError(err, 'scope')} />

      <fieldset className="process-form__block">
        <legend>{t('participation.processForm.phases')}</legend>
        <p className="field__hint">{t('participation.processForm.phasesHint')}</p>
        {phases.length === 0 ? <p>{t('participation.process.noPhases')}</p> : null}
        <ol className="process-form__list">
          {phases.map((p, i) => {
            const at = (field: string) => fieldError(err, `phases[${i}].${field}`);
            const name = p.ro || t('participation.processForm.phaseN', { n: i + 1 });
            return (
              <li key={p.key} className="pp-card process-form__phase">
                <h3 id={`${uid}-ph-${p.key}`}>{t('participation.processForm.phaseN', { n: i + 1 })}</h3>
                {fieldError(err, `phases[${i}]`) || at('key') ? <p className="field__error">{fieldError(err, `phases[${i}]`) ?? at('key')}</p> : null}
                <Field label={t('participation.processForm.phaseTitleRo')} required value={p.ro} onChange={(e) => setPhase(i, { ro: e.target.value })} error={at('title.ro')} />
                <Field label={t('participation.processForm.phaseTitleEn')} value={p.en} onChange={(e) => setPhase(i, { en: e.target.value })} error={at('title.en')} />
                <Field label={t('participation.processForm.phaseTitleHu')} value={p.hu} onChange={(e) => setPhase(i, { hu: e.target.value })} error={at('title.hu')} />
                <div className="process-form__dates">
                  <Field label={t('participation.processForm.start')} type="date" required value={p.start} onChange={(e) => setPhase(i, { start: e.target.value })} error={at('start')} />
                  <Field label={t('participation.processForm.end')} type="date" required value={p.end} onChange={(e) => setPhase(i, { end: e.target.value })} error={at('end')} />
                </div>
                <fieldset>
                  <legend>{t('participation.processForm.components')}</legend>
                  {COMPONENTS.map((c) => (
                    <label key={c} className="pp-choice">
                      <input type="checkbox" checked={p.components.includes(c)} onChange={(e) => setPhase(i, { components: e.target.checked ? COMPONENTS.filter((x) => x === c || p.components.includes(x)) : p.components.filter((x) => x !== c) })} />{' '}
                      {t(`participation.process.component.${c}`)}
                    </label>
                  ))}
                </fieldset>
                <div className="pp-inline process-form__tools">
                  <button type="button" ref={(el) => void moveRefs.current.set(`${p.key}:-1`, el)} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('participation.processForm.moveUpNamed', { title: name })}>
                    {t('participation.builder.moveUp')}
                  </button>
                  <button type="button" ref={(el) => void moveRefs.current.set(`${p.key}:1`, el)} disabled={i === phases.length - 1} onClick={() => move(i, 1)} aria-label={t('participation.processForm.moveDownNamed', { title: name })}>
                    {t('participation.builder.moveDown')}
                  </button>
                  <button type="button" onClick={() => setPhases((ps) => ps.filter((_, j) => j !== i))} aria-label={t('participation.processForm.removeNamed', { title: name })}>
                    {t('participation.processForm.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <p className="visually-hidden" aria-live="polite">
          {announce}
        </p>
        <button type="button" onClick={() => setPhases((ps) => [...ps, { key: freshKey(ps), ro: '', en: '', hu: '', start: '', end: '', components: ['propose', 'comment'] }])}>
          {t('participation.processForm.addPhase')}
        </button>
      </fieldset>

      <fieldset className="process-form__block">
        <legend>{t('participation.processForm.links')}</legend>
        <p className="field__hint">{t('participation.processForm.linksHint')}</p>
        <ul className="process-form__list">
          {links.map((l, i) => (
            <li key={i} className="process-form__link">
              <div className="field">
                <label htmlFor={`${uid}-lt-${i}`}>{t('participation.processForm.linkType', { n: i + 1 })}</label>
                <select id={`${uid}-lt-${i}`} value={l.type} onChange={(e) => setLinks((ls) => ls.map((x, j) => (j === i ? { ...x, type: e.target.value as LinkIn['type'] } : x)))}>
                  {LINK_TYPES.map((ty) => (
                    <option key={ty} value={ty}>
                      {t(`participation.processForm.linkTypes.${ty}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Field label={t('participation.processForm.linkCode', { n: i + 1 })} required value={l.code} onChange={(e) => setLinks((ls) => ls.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))} error={fieldError(err, `links[${i}].code`)} />
              <button type="button" onClick={() => setLinks((ls) => ls.filter((_, j) => j !== i))} aria-label={t('participation.processForm.removeLink', { n: i + 1 })}>
                {t('participation.processForm.remove')}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setLinks((ls) => [...ls, { type: 'project', code: '' }])}>
          {t('participation.processForm.addLink')}
        </button>
      </fieldset>
      <FormMessage error={err} />
      <button type="submit" className="button button--primary" disabled={save.isPending}>
        {initial ? t('participation.processForm.save') : t('participation.create.submit.process')}
      </button>
    </form>
  );
}
