/**
 * A maturity round as a matrix: pillars × levels, each criterion a chip coloured as in Baia Mare's strategy
 * (green: current state, yellow: in progress, blue: 2030 forecast) with a symbol and a text, so the legend
 * does not rely on colour; the level reached per pillar and its change; a cell opens its criteria with their
 * evidence. A bar chart of levels per pillar, with its data table.
 */
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChartView } from '../../../components/Chart';
import { pick } from '../../../i18n';
import { codeSegment } from '../../strategy';
import { type AssessedPillar, CRITERION_STATES, type CriterionState, type EvidenceLink, type MaturityRound } from '../api/maturity';
import { Ml } from '../../../components/Ml';

export const STATE_SYMBOL: Record<CriterionState, string> = { achieved: '✓', in_progress: '◐', planned_2030: '◆', not_started: '○' };

export function StateChip({ state, children }: { state: CriterionState; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <span className={`mm-chip mm-chip--${state}`}>
      <span aria-hidden="true">{STATE_SYMBOL[state]}</span> {children ?? t(`monitoring.maturity.stateShort.${state}`)}
      {children ? <span className="visually-hidden"> ({t(`monitoring.maturity.stateShort.${state}`)})</span> : null}
    </span>
  );
}

export function MaturityLegend() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="mm-legend" className="mm-legend">
      <h2 id="mm-legend" className="mm-legend__title">
        {t('monitoring.maturity.legend')}
      </h2>
      <ul>
        {CRITERION_STATES.map((s) => (
          <li key={s}>
            <span className={`mm-chip mm-chip--${s}`} aria-hidden="true">
              {STATE_SYMBOL[s]}
            </span>{' '}
            {t(`monitoring.maturity.state.${s}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function linkHref(tenant: string, l: EvidenceLink): string | null {
  switch (l.type) {
    case 'kpi':
      return `/${tenant}/kpis/${codeSegment(l.ref)}`;
    case 'project':
      return `/${tenant}/projects/${codeSegment(l.ref)}`;
    case 'dataset':
      return `/${tenant}/opendata/${encodeURIComponent(l.ref)}`;
    case 'sensor':
      return `/${tenant}/air/sensors/${encodeURIComponent(l.ref)}`;
    case 'file':
      return null; // progress-report attachments are for staff and the teams
  }
}

export function ChangeText({ change }: { change: number | null }) {
  const { t } = useTranslation();
  if (change === null) return null;
  if (change > 0) return <span className="mm-change mm-change--up">▲ {t('monitoring.maturity.changeUp', { count: change })}</span>;
  if (change < 0) return <span className="mm-change mm-change--down">▼ {t('monitoring.maturity.changeDown', { count: -change })}</span>;
  return <span className="mm-change">{t('monitoring.maturity.changeNone')}</span>;
}

export function MaturityMatrix({ tenant, round }: { tenant: string; round: MaturityRound }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [open, setOpen] = useState<{ pillar: string; level: number } | null>(null);
  const detail = useRef<HTMLHeadingElement>(null);
  const levels = [...round.levels].sort((a, b) => b.level - a.level);
  const pillar = open ? round.pillars.find((p) => p.code === open.pillar) : undefined;
  const openLevel = open ? round.levels.find((l) => l.level === open.level) : undefined;
  const chartLabels = useMemo(() => round.pillars.map((p) => pick(p.title, lng)), [round, lng]);
  const chartSeries = useMemo(
    () => [
      { label: t('monitoring.maturity.seriesReached'), values: round.pillars.map((p) => p.levelReached), color: '#1e6b2e' },
      ...(round.previous ? [{ label: t('monitoring.maturity.seriesPrevious'), values: round.pillars.map((p) => p.previousLevel), color: '#767676' }] : []),
      { label: t('monitoring.maturity.series2030'), values: round.pillars.map((p) => p.level2030), color: '#0b5394' },
    ],
    [round, t],
  );

  const choose = (p: AssessedPillar, level: number) => {
    setOpen({ pillar: p.code, level });
    requestAnimationFrame(() => detail.current?.focus());
  };

  return (
    <>
      <MaturityLegend />
      <div className="table-wrap mm-wrap" tabIndex={0} role="region" aria-label={t('monitoring.maturity.grid')}>
        <table className="mm-grid">
          <caption>{t('monitoring.maturity.grid')}</caption>
          <thead>
            <tr>
              <td />
              {round.pillars.map((p) => (
                <th scope="col" key={p.code}>
                  <Ml text={p.title} /> <span className="mm-code">({p.code})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => (
              <tr key={l.level}>
                <th scope="row">
                  {t('monitoring.maturity.level', { level: l.level })}
                  <span className="mm-level-name"><Ml text={l.name} /></span>
                </th>
                {round.pillars.map((p) => {
                  const cs = p.criteria.filter((c) => c.level === l.level);
                  const selected = open?.pillar === p.code && open.level === l.level;
                  return (
                    <td key={p.code} className={p.levelReached >= l.level ? 'mm-cell mm-cell--reached' : 'mm-cell'}>
                      {cs.length ? (
                        <button type="button" className="mm-cell__button" aria-expanded={selected} aria-controls="mm-detail" onClick={() => choose(p, l.level)}>
                          <span className="visually-hidden">{t('monitoring.maturity.cellTitle', { pillar: pick(p.title, lng), level: l.level, name: pick(l.name, lng) })}: </span>
                          {cs.map((c) => (
                            <StateChip key={c.code} state={c.state}>
                              {c.code}
                            </StateChip>
                          ))}
                        </button>
                      ) : (
                        <span className="mm-empty">—</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('monitoring.maturity.levelReached')}</th>
              {round.pillars.map((p) => (
                <td key={p.code} className="mm-reached">
                  <strong>{p.levelReached}</strong> <ChangeText change={p.change} />
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="field__hint">{t('monitoring.maturity.levelReachedHelp')}</p>

      <section id="mm-detail" aria-live="polite" className={pillar && openLevel ? 'panel mm-detail' : 'mm-detail'}>
        {pillar && openLevel ? (
          <>
            <h2 ref={detail} tabIndex={-1}>
              {t('monitoring.maturity.cellTitle', { pillar: pick(pillar.title, lng), level: openLevel.level, name: pick(openLevel.name, lng) })}
            </h2>
            {openLevel.description ? <p className="field__hint"><Ml text={openLevel.description} /></p> : null}
            <ul className="mm-criteria">
              {pillar.criteria
                .filter((c) => c.level === openLevel.level)
                .map((c) => (
                  <li key={c.code}>
                    <p>
                      <strong>{c.code}</strong> <Ml text={c.text} />
                    </p>
                    <p>
                      <StateChip state={c.state} />
                      {c.previousState && c.previousState !== c.state ? <span className="mm-was"> {t('monitoring.maturity.wasState', { state: t(`monitoring.maturity.stateShort.${c.previousState}`) })}</span> : null}
                    </p>
                    {c.evidence.text || c.evidence.links.length ? (
                      <div>
                        <h3>{t('monitoring.maturity.evidence')}</h3>
                        {c.evidence.text ? <p className="mm-text"><Ml text={c.evidence.text} /></p> : null}
                        {c.evidence.links.length ? (
                          <ul aria-label={t('monitoring.maturity.links')}>
                            {c.evidence.links.map((l) => {
                              const href = linkHref(tenant, l);
                              const text = `${t(`monitoring.maturity.linkType.${l.type}`)}: ${pick(l.label, lng)}`;
                              return <li key={`${l.type}:${l.ref}:${l.property ?? ''}`}>{href ? <Link to={href}>{text}</Link> : text}</li>;
                            })}
                          </ul>
                        ) : null}
                      </div>
                    ) : null}
                    {c.comment ? (
                      <p className="mm-text">
                        <strong>{t('monitoring.maturity.comment')}:</strong> <Ml text={c.comment} />
                      </p>
                    ) : null}
                    {c.note ? (
                      <p className="mm-text field__hint">
                        {t('monitoring.maturity.sourceNote')}: <span lang="en">{c.note}</span>
                      </p>
                    ) : null}
                  </li>
                ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="mm-change">
        <h2 id="mm-change">{t('monitoring.maturity.change')}</h2>
        {round.previous ? (
          <>
            <p>{t('monitoring.maturity.previousRound', { name: pick(round.previous.name, lng) })}</p>
            <ul className="mm-levels">
              {round.pillars.map((p) => (
                <li key={p.code}>
                  <Ml text={p.title} />: {p.previousLevel ?? '—'} → <strong>{p.levelReached}</strong> <ChangeText change={p.change} />
                </li>
              ))}
            </ul>
            <h3>{t('monitoring.maturity.changedCriteria')}</h3>
            {round.changedCriteria.length ? (
              <ul className="mm-levels">
                {round.changedCriteria.map((c) => (
                  <li key={c.code}>
                    <strong>{c.code}</strong>: <StateChip state={c.from} /> → <StateChip state={c.to} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('monitoring.maturity.noChangedCriteria')}</p>
            )}
          </>
        ) : (
          <p>{t('monitoring.maturity.noPrevious')}</p>
        )}
      </section>

      <ChartView kind="bar" title={t('monitoring.maturity.chartTitle')} labels={chartLabels} series={chartSeries} yLabel={t('monitoring.maturity.levelReached')} />
    </>
  );
}
