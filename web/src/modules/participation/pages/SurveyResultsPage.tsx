import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ChartView } from '../../../components/Chart';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useCan } from '../../../api/auth/useCan';
import { useSurveyResults } from '../api/hooks';
import type { Question, QuestionResult, SurveyResults } from '../api/types';

function QuestionResults({ q, r }: { q: Question; r: QuestionResult }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const label = (key: string) => pick(q.options?.find((o) => o.key === key)?.label, lng) || key;
  const title = pick(q.title, lng);
  return (
    <section className="pp-result" aria-labelledby={`r-${q.key}`}>
      <h3 id={`r-${q.key}`}>{title}</h3>
      <p>{t('participation.results.n', { count: r.n })}</p>
      {r.mean !== undefined ? <p className="pp-mean">{t('participation.results.mean', { mean: r.mean.toLocaleString(lng) })}</p> : null}
      {r.groups ? (
        <div className="table-wrap" role="region" aria-label={t('participation.results.groups')} tabIndex={0}>
          <table>
            <caption>{t('participation.results.groupsCaption', { total: r.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation.results.category')}</th>
                <th scope="col">{t('participation.results.count')}</th>
                <th scope="col">%</th>
              </tr>
            </thead>
            <tbody>
              {r.groups.map((g) => (
                <tr key={g.label.ro}>
                  <th scope="row">{pick(g.label, lng)}</th>
                  <td>{g.count}</td>
                  <td>{g.pct.toLocaleString(lng)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {r.options && r.options.length ? (
        <>
          <ChartView kind="bar" title={title} labels={r.options.map((o) => label(o.key))} series={[{ label: '%', values: r.options.map((o) => o.pct) }]} yLabel="%" height={200} />
          <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
            <table className="pp-options">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('participation.results.option')}</th>
                  <th scope="col">{r.type === 'allocation' ? t('participation.results.votes') : t('participation.results.count')}</th>
                  <th scope="col">%</th>
                  {r.options.some((o) => o.pctOfGroup !== undefined) ? <th scope="col">{t('participation.results.ofCategory')}</th> : null}
                  {r.type === 'ranking' ? <th scope="col">{t('participation.results.meanPosition')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {r.options.map((o) => (
                  <tr key={o.key}>
                    <th scope="row">{label(o.key)}</th>
                    <td>{r.type === 'allocation' ? o.points : o.count}</td>
                    <td>{o.pct.toLocaleString(lng)} %</td>
                    {o.pctOfGroup !== undefined ? <td>{o.pctOfGroup.toLocaleString(lng)} %</td> : null}
                    {r.type === 'ranking' ? <td>{o.meanPosition ?? '—'}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {r.rows && r.rows.length ? <MatrixResults q={q} rows={r.rows} title={title} /> : null}
      {r.distribution ? (
        <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation.results.value')}</th>
                <th scope="col">{t('participation.results.count')}</th>
                <th scope="col">%</th>
              </tr>
            </thead>
            <tbody>
              {r.distribution
                .filter((d) => d.count > 0)
                .map((d) => (
                  <tr key={d.value}>
                    <th scope="row">{d.value}</th>
                    <td>{d.count}</td>
                    <td>{d.pct.toLocaleString(lng)} %</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {r.codes && r.codes.length ? (
        <div className="table-wrap" role="region" aria-label={t('participation.results.codes')} tabIndex={0}>
          <table>
            <caption>{t('participation.results.codes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation.results.cluster')}</th>
                <th scope="col">{t('participation.results.count')}</th>
                <th scope="col">%</th>
              </tr>
            </thead>
            <tbody>
              {r.codes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.label}</th>
                  <td>{c.n}</td>
                  <td>{c.pct.toLocaleString(lng)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** A matrix question: each row's answers as a stacked bar (one series per option) and as a table. */
function MatrixResults({ q, rows, title }: { q: Question; rows: NonNullable<QuestionResult['rows']>; title: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const options = q.options ?? [];
  const rowLabel = (key: string) => pick(q.rows?.find((x) => x.key === key)?.label, lng) || key;
  const pctOf = (row: (typeof rows)[number], key: string) => row.options.find((o) => o.key === key)?.pct ?? 0;
  return (
    <>
      <ChartView kind="bar" stacked title={title} labels={rows.map((row) => rowLabel(row.key))} series={options.map((o) => ({ label: pick(o.label, lng) || o.key, values: rows.map((row) => pctOf(row, o.key)) }))} yLabel="%" height={260} />
      <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.results.option')}</th>
              {options.map((o) => (
                <th scope="col" key={o.key}>
                  {pick(o.label, lng) || o.key}
                </th>
              ))}
              <th scope="col">{t('participation.results.count')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{rowLabel(row.key)}</th>
                {options.map((o) => (
                  <td key={o.key}>{pctOf(row, o.key).toLocaleString(lng)} %</td>
                ))}
                <td>{row.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The themes staff coded across several open questions, with their shares of all the coded answers. */
function OpenClusters({ clusters, questions }: { clusters: SurveyResults['openClusters']; questions: Question[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const total = clusters.reduce((sum, c) => sum + c.n, 0);
  const max = Math.max(1, ...clusters.map((c) => c.pct));
  const keys = [...new Set(clusters.flatMap((c) => c.questions))];
  const titles = keys.map((k) => pick(questions.find((q) => q.key === k)?.title, lng) || k).join('; ');
  return (
    <section aria-labelledby="rs-open-clusters">
      <h2 id="rs-open-clusters">{t('participation.results.openClustersTitle')}</h2>
      <p>{t('participation.results.openClustersIntro', { questions: titles, total: total.toLocaleString(lng) })}</p>
      <div className="table-wrap" role="region" aria-label={t('participation.results.openClustersTitle')} tabIndex={0}>
        <table className="count-table">
          <thead>
            <tr>
              <th scope="col">{t('participation.results.theme')}</th>
              <th scope="col">{t('participation.results.count')}</th>
              <th scope="col">%</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td>{c.n.toLocaleString(lng)}</td>
                <td className="count-cell">
                  <span className="count-num count-num--pct">{c.pct.toLocaleString(lng)} %</span>
                  <span className="count-bar" aria-hidden="true" style={{ '--share': c.pct / max } as CSSProperties} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SurveyResultsPage() {
  const { t, i18n } = useTranslation();
  const { tenant, id } = useParams();
  const [params, setParams] = useSearchParams();
  const attr = params.get('attr') ?? '';
  const results = useSurveyResults(tenant, id, attr);
  const manage = useCan(tenant)('participation.manage');
  if (results.isPending) return <Loading />;
  if (results.isError) return <LoadError onRetry={() => void results.refetch()} />;
  const r = results.data;
  const lng = i18n.language;
  // Questions outside any section first (under "Questions"), then each section.
  const loose = r.survey.questions.filter((q) => !q.section || !r.survey.sections.some((s) => s.key === q.section));
  const sections = [...(loose.length || !r.survey.sections.length ? [{ key: '', title: { ro: '' } }] : []), ...r.survey.sections];
  // Declared attributes give the filter its words; undeclared ones (API imports) show their keys.
  const declared = (key: string) => r.survey.attributes?.find((a) => a.key === key);
  const attrLabel = (key: string) => pick(declared(key)?.label, lng) || key;
  const valueLabel = (key: string, value: string) => pick(declared(key)?.options.find((o) => o.key === value)?.label, lng) || value;
  return (
    <>
      <h1>{t('participation.results.title', { title: pick(r.survey.title, lng) })}</h1>
      <p className="pp-big">{t('participation.results.respondents', { count: r.respondents })}</p>
      {r.reconstructed ? <p className="notice">{t('participation.survey.reconstructed')}</p> : null}
      <p>
        <Link to={`/${tenant}/surveys/${r.survey.slug}`}>{t('participation.results.back')}</Link>
        {manage && r.survey.questions.some((q) => q.type === 'short_text' || q.type === 'long_text') ? (
          <>
            {' · '}
            <Link to={`/${tenant}/surveys/${r.survey.slug}/coding`}>{t('participation.coding.link')}</Link>
          </>
        ) : null}
      </p>
      {r.attributes.length ? (
        <p className="pp-filter">
          <label htmlFor="pp-attr">{t('participation.results.filterLabel')}</label>{' '}
          <select id="pp-attr" value={attr} onChange={(e) => setParams(e.target.value ? { attr: e.target.value } : {}, { replace: true })}>
            <option value="">{t('participation.results.filterAll')}</option>
            {r.attributes.map((a) => (
              <optgroup key={a.key} label={attrLabel(a.key)}>
                {a.values.map((v) => (
                  <option key={v.value} value={`${a.key}:${v.value}`}>
                    {t('participation.results.filterOption', { key: attrLabel(a.key), value: valueLabel(a.key, v.value), count: v.count })}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </p>
      ) : null}
      {r.filter ? (
        <p role="status" className="notice">
          {t('participation.results.filtered', { key: attrLabel(r.filter.key), value: valueLabel(r.filter.key, r.filter.value) })}
        </p>
      ) : null}
      {r.openClusters.length ? <OpenClusters clusters={r.openClusters} questions={r.survey.questions} /> : null}
      {sections.map((sec) => (
        <section key={sec.key} aria-labelledby={sec.key ? `rs-${sec.key}` : undefined}>
          <h2 id={sec.key ? `rs-${sec.key}` : undefined}>{sec.key ? pick(sec.title, lng) : t('participation.results.questions')}</h2>
          {r.survey.questions
            .filter((q) => (sec.key ? q.section === sec.key : loose.includes(q)))
            .map((q) => {
              const qr = r.questions.find((x) => x.key === q.key);
              return qr ? <QuestionResults key={q.key} q={q} r={qr} /> : null;
            })}
        </section>
      ))}
    </>
  );
}
