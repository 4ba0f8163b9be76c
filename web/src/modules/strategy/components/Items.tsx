import type { ComponentProps, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { unitLabel } from '../../../../../src/shared/units';
import { Link, useParams } from 'react-router';
import { ProgressBar } from '../../../components/ProgressBar';
import { Ml } from '../../../components/Ml';
import type { KpiSummary, ProjectSummary } from '../api/types';
import { codeSegment, formatMoney, formatNumber, kpiTone, projectTone } from '../format';
import { KpiStatusBadge, ProjectStatusBadge } from './StatusBadge';

/** The KPI's baseline as words: the number and year, or "not available" (never a made-up 0). */
export function baselineText(kpi: Pick<KpiSummary, 'baseline' | 'unit'>, lng: string, na: string): string {
  if (!kpi.baseline.available) return na;
  const v = kpi.baseline.value !== null ? formatNumber(kpi.baseline.value, lng) : (kpi.baseline.text ?? '—');
  return `${v}${kpi.unit ? ` ${unitLabel(kpi.unit, lng)}` : ''}${kpi.baseline.year ? ` (${kpi.baseline.year})` : ''}`;
}

/** The target as the server computed it in the KPI's unit, with the printed text when it differs (×5, +20). */
export function targetText(kpi: Pick<KpiSummary, 'target' | 'targetValue' | 'unit'>, lng: string, none: string): string {
  if (kpi.target.kind === 'none') return none;
  const v = kpi.targetValue !== null ? `${formatNumber(kpi.targetValue, lng)}${kpi.unit ? ` ${unitLabel(kpi.unit, lng)}` : ''}` : (kpi.target.text ?? '—');
  const printed = kpi.target.kind === 'multiplier' || kpi.target.kind === 'delta' ? ` [${kpi.target.text ?? kpi.target.value}]` : '';
  return `${v}${printed}${kpi.target.year ? ` (${kpi.target.year})` : ''}`;
}

type Tone = ReturnType<typeof kpiTone>;

/**
 * One entry of a list of KPIs or projects: a heading (at the level the page needs) linking to its page with its
 * code and name, a line of facts, and its progress bar when it has a progress.
 */
function ItemCard({ path, code, name, headingLevel, progress, progressLabel, tone, children }: { path: 'kpis' | 'projects'; code: string; name: ComponentProps<typeof Ml>['text']; headingLevel: 2 | 3 | 4; progress: number | null; progressLabel: string; tone: Tone; children: ReactNode }) {
  const { tenant } = useParams();
  const H = `h${headingLevel}` as 'h3';
  return (
    <li>
      <H>
        <Link to={`/${tenant}/${path}/${codeSegment(code)}`}>
          <span className="pillar-card__code">{code}</span> <Ml text={name} />
        </Link>
      </H>
      <div className="item-list__meta">{children}</div>
      {progress !== null ? <ProgressBar value={progress} label={`${progressLabel} ${code}`} tone={tone} /> : null}
    </li>
  );
}

export function KpiItem({ kpi, headingLevel = 3 }: { kpi: KpiSummary; headingLevel?: 2 | 3 | 4 }) {
  const { t, i18n } = useTranslation();
  return (
    <ItemCard path="kpis" code={kpi.code} name={kpi.name} headingLevel={headingLevel} progress={kpi.progress} progressLabel={t('strategy.kpis.progress')} tone={kpiTone(kpi.status)}>
      <span>
        {t('strategy.kpis.level')}: {t(`strategy.level.${kpi.level}`)}
      </span>
      <span>
        {t('strategy.kpis.baseline')}: {baselineText(kpi, i18n.language, t('strategy.kpi.baselineNA'))}
      </span>
      <span>
        {t('strategy.kpis.target')}: {targetText(kpi, i18n.language, t('strategy.kpi.targetNone'))}
      </span>
      {kpi.latest ? (
        <span>
          {t('strategy.kpis.latest')}: {formatNumber(kpi.latest.value, i18n.language)}
          {kpi.unit ? ` ${unitLabel(kpi.unit, i18n.language)}` : ''} ({kpi.latest.date.slice(0, 10)})
        </span>
      ) : null}
      <KpiStatusBadge status={kpi.status} />
    </ItemCard>
  );
}

export function ProjectItem({ project, headingLevel = 3 }: { project: ProjectSummary; headingLevel?: 2 | 3 | 4 }) {
  const { t, i18n } = useTranslation();
  return (
    <ItemCard path="projects" code={project.code} name={project.title} headingLevel={headingLevel} progress={project.progress} progressLabel={t('strategy.project.progress')} tone={projectTone(project.status)}>
      <ProjectStatusBadge status={project.status} />
      {project.priority ? <span>{t(`strategy.priority.${project.priority}`)}</span> : null}
      <span>
        {t('strategy.project.budget')}:{' '}
        {project.budget.amount !== null
          ? `${formatMoney(project.budget.amount, i18n.language)} (${t(`strategy.basis.${project.budget.basis}`)})`
          : (project.budget.text ?? t('strategy.project.budgetUnknown'))}
      </span>
      {project.horizon ? (
        <span>
          {t('strategy.project.horizon')}: {project.horizon}
        </span>
      ) : null}
    </ItemCard>
  );
}
