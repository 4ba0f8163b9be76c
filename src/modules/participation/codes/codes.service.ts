/** Coding open answers: staff create codes (clusters) per open question, rename and merge them, and tag answers. */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import type { SurveysService } from '../surveys/surveys.service.js';
import type { SurveysRepository } from '../surveys/surveys.repository.js';
import type { CodesRepository } from './codes.repository.js';

export class CodesService {
  constructor(
    private readonly repo: CodesRepository,
    private readonly surveys: SurveysService,
    private readonly responses: SurveysRepository,
  ) {}

  async createCode(actor: Actor, tenant: TenantRow, surveyId: string, questionKey: string, label: string) {
    const s = await this.surveys.survey(tenant, surveyId);
    if (!s.questions.some((q) => q.key === questionKey && (q.type === 'short_text' || q.type === 'long_text'))) throw validationFailed([{ field: 'question', message: 'not an open question of this survey' }]);
    return this.repo.transaction(async (trx) => {
      try {
        const id = await this.repo.insertCode(trx, { survey_id: s.id, question_key: questionKey, label });
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.code.created', entityType: 'participation_code', entityId: String(id), after: { questionKey, label } });
        return id;
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('This code already exists for the question.');
        throw e;
      }
    });
  }

  private async codeOf(tenant: TenantRow, surveyId: string, codeId: number) {
    const s = await this.surveys.survey(tenant, surveyId);
    const c = await this.repo.transaction((trx) => this.repo.code(trx, s.id, codeId));
    if (!c) throw notFound('code');
    return { survey: s, code: c };
  }

  async renameCode(actor: Actor, tenant: TenantRow, surveyId: string, codeId: number, label: string) {
    const { code } = await this.codeOf(tenant, surveyId, codeId);
    await this.repo.transaction(async (trx) => {
      try {
        await this.repo.renameCode(trx, codeId, label);
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('Another code of this question has this name; merge them instead.');
        throw e;
      }
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.code.renamed', entityType: 'participation_code', entityId: String(codeId), before: { label: code.label }, after: { label } });
    });
  }

  /** Merges `from` into `into`: every answer coded `from` becomes `into` (once), and `from` disappears. */
  async mergeCodes(actor: Actor, tenant: TenantRow, surveyId: string, from: number, into: number) {
    if (from === into) throw validationFailed([{ field: 'into', message: 'merge two different codes' }]);
    const a = await this.codeOf(tenant, surveyId, from);
    const b = await this.codeOf(tenant, surveyId, into);
    if (a.code.question_key !== b.code.question_key) throw validationFailed([{ field: 'into', message: 'both codes must belong to the same question' }]);
    await this.repo.transaction(async (trx) => {
      await this.repo.mergeCodes(trx, from, into);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.code.merged', entityType: 'participation_code', entityId: String(into), before: { from: a.code.label }, after: { into: b.code.label } });
    });
  }

  /** Tags (or untags) one open answer with a code. */
  async codeAnswer(actor: Actor, tenant: TenantRow, surveyId: string, codeId: number, responseId: number, on: boolean) {
    const { survey, code } = await this.codeOf(tenant, surveyId, codeId);
    await this.repo.transaction(async (trx) => {
      if (!(await this.repo.responseExists(trx, survey.id, responseId))) throw notFound('response');
      if (on) await this.repo.tag(trx, { response_id: responseId, question_key: code.question_key, code_id: codeId });
      else await this.repo.untag(trx, responseId, codeId);
    });
  }

  /** The open answers of a question with their codes, for the staff coding screen. */
  async openAnswers(tenant: TenantRow, surveyId: string, questionKey: string) {
    const s = await this.surveys.survey(tenant, surveyId);
    const rows = await this.responses.responses(s.id);
    const codings = await this.repo.transaction((trx) => this.repo.codings(trx, questionKey));
    const byResponse = new Map<number, number[]>();
    for (const c of codings) byResponse.set(c.response_id, [...(byResponse.get(c.response_id) ?? []), c.code_id]);
    return rows.filter((r) => typeof r.answers[questionKey] === 'string' && r.answers[questionKey]).map((r) => ({ responseId: r.id, text: r.answers[questionKey] as string, codes: byResponse.get(r.id) ?? [] }));
  }
}
