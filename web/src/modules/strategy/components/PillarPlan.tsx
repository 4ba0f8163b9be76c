import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { OPEN_ACTION_CATEGORIES, type TreePillar } from '../api/types';
import { formatNumber } from '../format';
import { TableWrap } from '../../../components/TableWrap';

/**
 * What the strategy lists for an ambition besides its projects (issue 13, fidelity to the seeds): the open actions
 * it counts per category (counts as printed; the strategy names none of them), the digital enablers and the types
 * of local actors. The two lists are the printed Romanian terms: in English or Hungarian they keep `lang="ro"` and
 * say so, rather than passing an unchecked translation off as the city's.
 */
export function PillarPlan({ pillar }: { pillar: TreePillar }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const counts = pillar.openActionCounts;
  const total = counts ? OPEN_ACTION_CATEGORIES.reduce((sum, c) => sum + (counts[c] ?? 0), 0) : 0;
  const max = counts ? Math.max(1, ...OPEN_ACTION_CATEGORIES.map((c) => counts[c] ?? 0)) : 1;
  const lists = [
    { id: 'pl-enablers', title: t('strategy.pillar.digitalEnablers'), items: pillar.digitalEnablers ?? [] },
    { id: 'pl-actors', title: t('strategy.pillar.localActorTypes'), items: pillar.localActorTypes ?? [] },
  ].filter((l) => l.items.length > 0);
  if (!total && !lists.length) return null;
  return (
    <>
      {total ? (
        <section aria-labelledby="pl-open-actions">
          <h2 id="pl-open-actions">{t('strategy.pillar.openActions')}</h2>
          <p>{t('strategy.pillar.openActionsIntro')}</p>
          <TableWrap label={t('strategy.pillar.openActions')}>
            <table className="count-table">
              <thead>
                <tr>
                  <th scope="col">{t('strategy.category.label')}</th>
                  <th scope="col">{t('strategy.pillar.count')}</th>
                </tr>
              </thead>
              <tbody>
                {OPEN_ACTION_CATEGORIES.map((c) => (
                  <tr key={c}>
                    <th scope="row">{t(`strategy.category.${c}`)}</th>
                    <td className="count-cell">
                      <span className="count-num">{formatNumber(counts?.[c] ?? 0, lng, 0)}</span>
                      {counts?.[c] ? <span className="count-bar" aria-hidden="true" style={{ '--share': counts[c] / max } as CSSProperties} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('strategy.pillar.total')}</th>
                  <td className="count-cell">
                    <span className="count-num">{formatNumber(total, lng, 0)}</span>
                  </td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
        </section>
      ) : null}
      {lists.map((l) => (
        <section key={l.id} aria-labelledby={l.id}>
          <h2 id={l.id}>{l.title}</h2>
          {lng !== 'ro' ? <p className="meta">{t('strategy.pillar.printedInRomanian')}</p> : null}
          <ul className="tag-list" lang="ro">
            {l.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
