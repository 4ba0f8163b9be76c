import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { type Multiloc, formatDate } from '../../strategy';
import { type AssessedPillar, CRITERION_STATES, type CriterionState, EVIDENCE_TYPES, type EvidenceType, type MaturityRound, usePublishRound, useMaturityRound, useUpdateRound } from '../api/maturity';
import { MaturityMatrix } from '../components/MaturityMatrix';
import { Ml } from '../../../components/Ml';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** A round: staff fill in a draft pillar by pillar and publish it; a published round reads as the matrix. */
export function MaturityRoundPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '', id = '' } = useParams();
  const round = useMaturityRound(tenant, Number(id));
  const publish = usePublishRound(tenant, Number(id));
  const lng = i18n.language;
  if (round.isPending) return <Loading />;
  if (round.isError) return <LoadError onRetry={() => void round.refetch()} />;
  const r = round.data;
  return (
    <>
      <p>
        <Link to={`/${tenant}/maturity`}>{t('monitoring.maturity.editor.back')}</Link>
      </p>
      <h1>{t('monitoring.maturity.editor.title', { name: pick(r.name, lng) })}</h1>
      <p>
        {r.publishedAt ? t('monitoring.maturity.published', { date: formatDate(r.publishedAt.slice(0, 10), lng) }) : t('monitoring.maturity.draft')}
        {r.reconstructed ? <span className="badge mm-badge">{t('monitoring.maturity.reconstructed')}</span> : null}
      </p>
      {r.note ? <p className="notice mm-text"><Ml text={r.note} /></p> : null}
      {publish.isSuccess ? <FormMessage success={t('monitoring.maturity.editor.publishedNotice')} /> : null}
      {r.abilities.edit ? (
        <>
          <p>{t('monitoring.maturity.editor.intro')}</p>
          {r.pillars.map((p) => (
            <PillarForm key={p.code} tenant={tenant} round={r} pillar={p} />
          ))}
          <FormMessage error={publish.error} />
          {r.abilities.publish ? (
            <p>
              <button
                type="button"
                className="button button--primary"
                disabled={publish.isPending}
                onClick={() => {
                  if (window.confirm(t('monitoring.maturity.editor.publishConfirm'))) publish.mutate();
                }}
              >
                {t('monitoring.maturity.editor.publish')}
              </button>
            </p>
          ) : null}
        </>
      ) : (
        <MaturityMatrix tenant={tenant} round={r} />
      )}
    </>
  );
}

interface LinkDraft {
  key: number;
  type: EvidenceType;
  ref: string;
  property: string;
}
/** A text staff write in Romanian, with optional English and Hungarian (user content is a Multiloc). */
interface Texts {
  ro: string;
  en: string;
  hu: string;
}
interface CriterionDraft {
  state: CriterionState;
  evidence: Texts;
  comment: Texts;
  links: LinkDraft[];
}

let linkKey = 0;
const textsOf = (m: Multiloc | null | undefined): Texts => ({ ro: m?.ro ?? '', en: m?.en ?? '', hu: m?.hu ?? '' });
/** No Romanian text, no text: the other languages translate it. */
const multilocOf = (x: Texts): Multiloc | null =>
  x.ro.trim() ? { ro: x.ro.trim(), ...(x.en.trim() ? { en: x.en.trim() } : {}), ...(x.hu.trim() ? { hu: x.hu.trim() } : {}) } : null;

function PillarForm({ tenant, round, pillar }: { tenant: string; round: MaturityRound; pillar: AssessedPillar }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const update = useUpdateRound(tenant, round.id);
  const headingId = useId();
  const [drafts, setDrafts] = useState<Record<string, CriterionDraft>>(() =>
    Object.fromEntries(
      pillar.criteria.map((c) => [
        c.code,
        { state: c.state, evidence: textsOf(c.evidence.text), comment: textsOf(c.comment), links: c.evidence.links.map((l) => ({ key: ++linkKey, type: l.type, ref: l.ref, property: l.property ?? '' })) },
      ]),
    ),
  );
  const set = (code: string, patch: Partial<CriterionDraft>) => setDrafts((d) => ({ ...d, [code]: { ...d[code]!, ...patch } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      criteria: pillar.criteria.map((c) => {
        const d = drafts[c.code]!;
        return {
          code: c.code,
          state: d.state,
          evidence: { text: multilocOf(d.evidence), links: d.links.filter((l) => l.ref.trim()).map((l) => ({ type: l.type, ref: l.ref.trim(), ...(l.type === 'sensor' && l.property.trim() ? { property: l.property.trim() } : {}) })) },
          comment: multilocOf(d.comment),
        };
      }),
    });
  };
  const title = t('monitoring.maturity.editor.pillar', { code: pillar.code, title: pick(pillar.title, lng) });
  return (
    <section aria-labelledby={headingId} className="panel mm-pillar">
      <details>
        <summary>
          <h2 id={headingId} className="mm-pillar__title">
            {title}
          </h2>{' '}
          <span>
            {t('monitoring.maturity.levelReached')}: {pillar.levelReached}
          </span>
        </summary>
        <form onSubmit={submit} noValidate>
          {[...pillar.criteria]
            .sort((a, b) => a.level - b.level || a.code.localeCompare(b.code, 'en', { numeric: true }))
            .map((c) => {
              const d = drafts[c.code]!;
              const fid = `mm-${c.code.replace(/[^A-Za-z0-9]/g, '-')}`;
              return (
                <fieldset key={c.code} className="mm-criterion">
                  <legend>
                    <strong>{c.code}</strong> ({t('monitoring.maturity.level', { level: c.level })}) <Ml text={c.text} />
                  </legend>
                  <div className="field">
                    <label htmlFor={`${fid}-state`}>{t('monitoring.maturity.editor.stateLabel')}</label>
                    <select id={`${fid}-state`} value={d.state} onChange={(e) => set(c.code, { state: e.target.value as CriterionState })}>
                      {CRITERION_STATES.map((s) => (
                        <option key={s} value={s}>
                          {t(`monitoring.maturity.state.${s}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`${fid}-evidence`}>{t('monitoring.maturity.editor.evidenceText')}</label>
                    <textarea id={`${fid}-evidence`} rows={2} maxLength={TEXT_LIMITS.multiloc} value={d.evidence.ro} onChange={(e) => set(c.code, { evidence: { ...d.evidence, ro: e.target.value } })} />
                  </div>
                  {d.links.map((l, i) => (
                    <div key={l.key} className="mm-link-row">
                      <div className="field">
                        <label htmlFor={`${fid}-lt-${l.key}`}>{t('monitoring.maturity.editor.linkType')}</label>
                        <select id={`${fid}-lt-${l.key}`} value={l.type} onChange={(e) => set(c.code, { links: d.links.map((x, j) => (j === i ? { ...x, type: e.target.value as EvidenceType } : x)) })}>
                          {EVIDENCE_TYPES.map((ty) => (
                            <option key={ty} value={ty}>
                              {t(`monitoring.maturity.linkType.${ty}`)}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div className="field">
                        <label htmlFor={`${fid}-lr-${l.key}`}>{t('monitoring.maturity.editor.linkRef')}</label>
                        <input id={`${fid}-lr-${l.key}`} value={l.ref} maxLength={TEXT_LIMITS.evidenceRef} onChange={(e) => set(c.code, { links: d.links.map((x, j) => (j === i ? { ...x, ref: e.target.value } : x)) })} />
                      </div>
                      {l.type === 'sensor' ? (
                        <div className="field">
                          <label htmlFor={`${fid}-lp-${l.key}`}>{t('monitoring.maturity.editor.linkProperty')}</label>
                          <input id={`${fid}-lp-${l.key}`} value={l.property} maxLength={TEXT_LIMITS.evidenceProperty} onChange={(e) => set(c.code, { links: d.links.map((x, j) => (j === i ? { ...x, property: e.target.value } : x)) })} />
                        </div>
                      ) : null}
                      <button type="button" className="button" onClick={() => set(c.code, { links: d.links.filter((_, j) => j !== i) })}>
                        {t('monitoring.maturity.editor.removeLink')}
                      </button>
                    </div>
                  ))}
                  <p>
                    <button type="button" className="button" onClick={() => set(c.code, { links: [...d.links, { key: ++linkKey, type: 'kpi', ref: '', property: '' }] })}>
                      {t('monitoring.maturity.editor.addLink')}
                    </button>
                  </p>
                  <div className="field">
                    <label htmlFor={`${fid}-comment`}>{t('monitoring.maturity.editor.commentText')}</label>
                    <textarea id={`${fid}-comment`} rows={2} maxLength={TEXT_LIMITS.multiloc} value={d.comment.ro} onChange={(e) => set(c.code, { comment: { ...d.comment, ro: e.target.value } })} />
                  </div>
                  <details className="mm-translations" open={Boolean(d.evidence.en || d.evidence.hu || d.comment.en || d.comment.hu) || undefined}>
                    <summary>{t('monitoring.maturity.editor.translations')}</summary>
                    {(['en', 'hu'] as const).map((l) => (
                      <div key={l}>
                        <div className="field">
                          <label htmlFor={`${fid}-evidence-${l}`}>{t(l === 'en' ? 'monitoring.maturity.editor.evidenceTextEn' : 'monitoring.maturity.editor.evidenceTextHu')}</label>
                          <textarea id={`${fid}-evidence-${l}`} lang={l} rows={2} maxLength={TEXT_LIMITS.multiloc} value={d.evidence[l]} onChange={(e) => set(c.code, { evidence: { ...d.evidence, [l]: e.target.value } })} />
                        </div>
                        <div className="field">
                          <label htmlFor={`${fid}-comment-${l}`}>{t(l === 'en' ? 'monitoring.maturity.editor.commentTextEn' : 'monitoring.maturity.editor.commentTextHu')}</label>
                          <textarea id={`${fid}-comment-${l}`} lang={l} rows={2} maxLength={TEXT_LIMITS.multiloc} value={d.comment[l]} onChange={(e) => set(c.code, { comment: { ...d.comment, [l]: e.target.value } })} />
                        </div>
                      </div>
                    ))}
                  </details>
                </fieldset>
              );
            })}
          <FormMessage error={update.error} success={update.isSuccess ? t('monitoring.maturity.editor.saved') : undefined} />
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            {t('monitoring.maturity.editor.save', { pillar: pillar.code })}
          </button>
        </form>
      </details>
    </section>
  );
}
