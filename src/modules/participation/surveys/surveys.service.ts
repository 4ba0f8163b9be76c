/**
 * Consultations (surveys): the staff builder's definitions (drafts, publishing, closing), answering once per
 * person, results with the coded clusters of open answers, and the anonymised responses for CSV.
 */
import { type Actor, hasRole, type Role } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, forbidden, isUniqueViolation, notFound, unauthorized, unlessDuplicate, validationFailed, type FieldError } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import { type Answers, type AudienceAttribute, checkAttributes, checkQuestions, computeResults, type Multiloc, pct, type Question, type RespondentAttribute, type Section, validateAnswers, validateProfile } from '../survey.logic.js';
import type { SurveyColumns, SurveysRepository } from './surveys.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.survey.created': { surveyId: number; slug: string };
    'participation.survey.updated': { surveyId: number; slug: string; status: string };
    'participation.survey.statusChanged': { surveyId: number; slug: string; from: string; to: string };
    'participation.response.submitted': { surveyId: number; responseId: number };
  }
}

export interface SurveyInput {
  slug: string;
  title: Multiloc;
  description: Multiloc;
  audience: 'anyone' | 'users' | 'role' | 'attribute';
  audienceRoles?: Role[];
  audienceAttribute?: AudienceAttribute | null;
  attributes?: RespondentAttribute[];
  anonymous: boolean;
  status: 'draft' | 'open' | 'closed';
  sections?: Section[];
  questions: Question[];
}

/** Every rule a survey definition must follow (the single source of truth for the staff builder). */
function checkSurvey(input: SurveyInput): FieldError[] {
  const errors = checkQuestions(input.questions, input.sections ?? []);
  errors.push(...checkAttributes(input.attributes ?? [], { anonymous: input.anonymous, audienceAttribute: input.audienceAttribute }));
  if (input.audience === 'attribute' && !input.audienceAttribute) errors.push({ field: 'audienceAttribute', message: 'choose the attribute and the values that may answer' });
  if (input.audience === 'role' && !input.audienceRoles?.length) errors.push({ field: 'audienceRoles', message: 'choose at least one role' });
  if (input.audience !== 'anyone' && input.anonymous) errors.push({ field: 'anonymous', message: 'only a consultation open to anyone can take anonymous answers' });
  return errors;
}

function surveyColumns(input: SurveyInput): SurveyColumns {
  return {
    slug: input.slug,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description),
    audience: input.audience,
    audience_roles: input.audienceRoles ?? [],
    audience_attribute: input.audience === 'attribute' && input.audienceAttribute ? JSON.stringify(input.audienceAttribute) : null,
    attributes: JSON.stringify(input.attributes ?? []),
    anonymous: input.anonymous,
    status: input.status,
    sections: JSON.stringify(input.sections ?? []),
    questions: JSON.stringify(input.questions),
  };
}

const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.user : undefined);
/** The 409 of a create or an edit whose address another consultation of the tenant already has. */
const slugTaken = (slug: string) => () => conflict(`A survey with the address "${slug}" already exists.`);

export class SurveysService {
  constructor(private readonly repo: SurveysRepository) {}

  listSurveys(tenant: TenantRow) {
    return this.repo.surveys(tenant.id);
  }

  /** A survey by id or address; drafts only when `drafts` (staff). */
  async survey(tenant: TenantRow, id: string, opts: { drafts?: boolean } = {}) {
    const s = await this.repo.survey(tenant.id, id);
    if (!s || (s.status === 'draft' && !opts.drafts)) throw notFound('survey');
    return s;
  }

  async myResponse(actor: Actor, surveyId: number, browserToken?: string) {
    const u = userOf(actor);
    return this.repo.myResponse(surveyId, u?.id ?? null, u ? null : (browserToken ?? null));
  }

  async createSurvey(actor: Actor, tenant: TenantRow, input: SurveyInput) {
    const errors = checkSurvey(input);
    if (errors.length) throw validationFailed(errors);
    return this.repo.transaction((trx) =>
      unlessDuplicate(slugTaken(input.slug), async () => {
        const id = await this.repo.insertSurvey(trx, tenant.id, surveyColumns(input));
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.survey.created', entityType: 'participation_survey', entityId: String(id), after: input });
        await emit(trx, 'participation.survey.created', { surveyId: id, slug: input.slug }, tenant.id);
        return id;
      }),
    );
  }

  /**
   * Replaces a draft survey's definition (staff; audited). Only drafts without responses can change: once
   * a survey is open, people's answers refer to its questions (409 `survey_not_draft`). `status: 'open'`
   * publishes it.
   */
  async updateSurvey(actor: Actor, tenant: TenantRow, id: string, input: SurveyInput) {
    const before = await this.survey(tenant, id, { drafts: true });
    if (before.status !== 'draft' || Number(before.responses ?? 0) > 0) throw conflict('Only a draft consultation without answers can be edited.', 'survey_not_draft');
    const errors = checkSurvey(input);
    if (errors.length) throw validationFailed(errors);
    return this.repo.transaction((trx) =>
      unlessDuplicate(slugTaken(input.slug), async () => {
        // The status guard makes a concurrent publish win cleanly: nothing changes after it.
        const r = await this.repo.updateDraft(trx, before.id, surveyColumns(input));
        if (!r) throw conflict('Only a draft consultation without answers can be edited.', 'survey_not_draft');
        const { responses: _n, ...old } = before;
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.survey.updated', entityType: 'participation_survey', entityId: String(before.id), before: old, after: input });
        await emit(trx, 'participation.survey.updated', { surveyId: before.id, slug: input.slug, status: input.status }, tenant.id);
        return before.id;
      }),
    );
  }

  /**
   * Closes an open consultation, or opens it again (staff; audited). Its answers and results stay as they
   * are; a closed consultation takes no answers (409 `survey_closed`). A draft is opened through the edit.
   */
  async setSurveyStatus(actor: Actor, tenant: TenantRow, id: string, to: 'open' | 'closed') {
    const before = await this.survey(tenant, id, { drafts: true });
    if (before.status === to) return { status: to };
    if (before.status === 'draft') throw conflict('A draft consultation is opened from its edit page.', 'survey_is_draft');
    return this.repo.transaction(async (trx) => {
      // The status guard keeps two racing staff clicks to one change (and one audit row).
      const r = await this.repo.setStatus(trx, before.id, before.status, to);
      if (!r) throw conflict('The consultation changed meanwhile; reload and try again.', 'survey_changed');
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.survey.statusChanged', entityType: 'participation_survey', entityId: String(before.id), before: { status: before.status }, after: { status: to } });
      await emit(trx, 'participation.survey.statusChanged', { surveyId: before.id, slug: before.slug, from: before.status, to }, tenant.id);
      return { status: to };
    });
  }

  /**
   * Stores one response. One per person is enforced by the database (unique per account, or per browser
   * token on anonymous surveys), so two racing requests get one 201 and one 409.
   */
  async respond(actor: Actor, tenant: TenantRow, surveyId: string, input: { answers: Answers; browserToken?: string; profile?: Record<string, string> }) {
    const s = await this.survey(tenant, surveyId);
    if (s.status !== 'open') throw conflict('This consultation is closed.', 'survey_closed');
    const u = userOf(actor);
    if (!u && (s.audience !== 'anyone' || !s.anonymous)) throw unauthorized('Sign in to answer this consultation.');
    if (s.audience === 'role' && !hasRole(actor, tenant.id, s.audience_roles as Role[])) throw forbidden('This consultation is for: ' + s.audience_roles.join(', ') + '.');
    if (!u && !input.browserToken) throw validationFailed([{ field: 'browserToken', message: 'an anonymous answer needs the browser token' }]);
    const profile = input.profile ?? {};
    const errors = [...validateProfile(s.attributes, profile), ...validateAnswers(s.questions, input.answers)];
    const aa = s.audience === 'attribute' ? s.audience_attribute : null;
    if (aa && !errors.length && !aa.values.includes(profile[aa.key] ?? '')) throw forbidden('This consultation is for people who answer “' + aa.key + '” with: ' + aa.values.join(', ') + '.');
    if (errors.length) throw validationFailed(errors, 'The answers are not valid: ' + errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    try {
      return await this.repo.transaction(async (trx) => {
        const row = await this.repo.insertResponse(trx, {
          tenant_id: tenant.id,
          survey_id: s.id,
          user_id: u?.id ?? null,
          browser_token: u ? null : input.browserToken!,
          profile: JSON.stringify(profile),
          answers: JSON.stringify(input.answers),
        });
        await emit(trx, 'participation.response.submitted', { surveyId: s.id, responseId: row.id }, tenant.id);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You have already answered this consultation.', 'already_answered');
      throw e;
    }
  }

  async surveyResults(tenant: TenantRow, surveyId: string, filter?: { key: string; value: string }) {
    const s = await this.survey(tenant, surveyId);
    const rows = await this.repo.responses(s.id, filter);
    const questions = computeResults(s.questions, rows.map((r) => r.answers));
    const codes = await this.repo.codeShares(s.id);
    const attributes = new Map<string, { value: string; count: number }[]>();
    for (const a of await this.repo.profileValues(s.id)) attributes.set(a.key, [...(attributes.get(a.key) ?? []), { value: a.value, count: a.count }]);
    const byQuestion = new Map<string, { id: number; label: string; n: number }[]>();
    for (const c of codes) byQuestion.set(c.question_key, [...(byQuestion.get(c.question_key) ?? []), { id: c.id, label: c.label, n: c.n }]);
    return {
      survey: s,
      openClusters: openClusters(codes),
      respondents: rows.length,
      reconstructed: rows.some((r) => r.reconstructed),
      filter: filter ?? null,
      attributes: [...attributes].map(([key, values]) => ({ key, values })),
      questions: questions.map((q) => {
        const cs = byQuestion.get(q.key);
        if (!cs) return q;
        // Cluster shares are of all coded answers to the question (Timișoara: of the 457 open answers).
        const codedTotal = cs.reduce((t, c) => t + c.n, 0);
        return { ...q, codes: cs.map((c) => ({ ...c, pct: pct(c.n, codedTotal) })) };
      }),
    };
  }

  /** Anonymised responses as CSV rows: a running number, the date, the declared profile and the answers. */
  async exportRows(tenant: TenantRow, surveyId: string) {
    const s = await this.survey(tenant, surveyId);
    const rows = await this.repo.responses(s.id);
    const flat = (v: unknown): string => (v === undefined ? '' : Array.isArray(v) ? v.join('|') : typeof v === 'object' && v !== null ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join('|') : String(v));
    return {
      survey: s,
      columns: [
        { header: 'response', value: (r: { n: number }) => r.n },
        { header: 'date', value: (r: { date: string }) => r.date },
        { header: 'reconstructed', value: (r: { reconstructed: boolean }) => r.reconstructed },
        { header: 'profile', value: (r: { profile: string }) => r.profile },
        ...s.questions.map((q) => ({ header: q.key, value: (r: { answers: Answers }) => flat(r.answers[q.key]) })),
      ] as { header: string; value(row: never): string | number | boolean }[],
      rows: rows.map((r, i) => ({ n: i + 1, date: r.created_at.toISOString().slice(0, 10), reconstructed: r.reconstructed, profile: flat(r.profile), answers: r.answers })),
    };
  }
}

/**
 * The clusters of every open question taken together, when staff coded several open questions with the same clusters
 * (Timișoara 2021: one theme set over "describe a dysfunction" and "describe another", and the results document gives
 * the shares of all 457 answers: 31.3 / 25.6 / 23.9 / 11.4 / 7.9 %). Codes are matched by label; empty when no label is
 * used in more than one question.
 */
function openClusters(codes: { question_key: string; label: string; n: number }[]) {
  const byLabel = new Map<string, { n: number; questions: Set<string> }>();
  for (const c of codes) {
    const x = byLabel.get(c.label) ?? { n: 0, questions: new Set<string>() };
    x.n += c.n;
    x.questions.add(c.question_key);
    byLabel.set(c.label, x);
  }
  if (![...byLabel.values()].some((x) => x.questions.size > 1)) return [];
  const total = [...byLabel.values()].reduce((t, x) => t + x.n, 0);
  return [...byLabel]
    .map(([label, x]) => ({ label, n: x.n, pct: pct(x.n, total), questions: [...x.questions].sort() }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label, 'ro'));
}
