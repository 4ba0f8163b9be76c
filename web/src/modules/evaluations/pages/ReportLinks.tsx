import { useTranslation } from 'react-i18next';
import type { ReportVersion } from '../api/types';

/** Links to a report version: the evaluation report and the state-of-the-city report, each as HTML and PDF. */
export function ReportLinks({ report }: { report: ReportVersion }) {
  const { t, i18n } = useTranslation();
  const lang = (url: string) => `${url}${url.includes('?') ? '&' : '?'}lang=${i18n.language}`;
  return (
    <ul className="report-links">
      <li>
        <a href={lang(report.links.html)}>{t('evaluations.report.html', { version: report.version })}</a>
      </li>
      <li>
        <a href={lang(report.links.pdf)} download>
          {t('evaluations.report.pdf', { version: report.version })}
        </a>
      </li>
      <li>
        <a href={lang(report.links.stateOfTheCityHtml)}>{t('evaluations.report.cityHtml')}</a>
      </li>
      <li>
        <a href={lang(report.links.stateOfTheCityPdf)} download>
          {t('evaluations.report.cityPdf')}
        </a>
      </li>
    </ul>
  );
}
