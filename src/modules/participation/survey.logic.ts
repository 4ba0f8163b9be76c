/**
 * Surveys: the question model, answer validation and results. Pure functions, shared by the service (which
 * stores only answers that pass `validateAnswers`) and by the tests.
 */
import { z } from 'zod';
import type { FieldError } from '../../core/errors.js';
import { QUESTION_TYPES, type QuestionResult } from '../../shared/survey-results.js';
import { TEXT_LIMITS as SHARED_TEXT_LIMITS } from '../../shared/limits.js';

export const Multiloc = z.object({ ro: z.string().min(1).max(2000), en: z.string().max(2000).optional(), hu: z.string().max(2000).optional() });
export type Multiloc = z.infer<typeof Multiloc>;

export { QUESTION_TYPES, type OptionResult, type QuestionResult, type QuestionType } from '../../shared/survey-results.js';

const Key = z.string().regex(/^[a-z0-9_-]+$/).max(40);
export const QuestionOption = z.object({ key: Key, label: Multiloc, group: Multiloc.optional() });

export const Question = z.object({
  key: Key,
  type: z.enum(QUESTION_TYPES),
  title: Multiloc,
  help: Multiloc.optional(),
  required: z.boolean().default(false),
  section: Key.optional(),
  options: z.array(QuestionOption).max(60).optional(),
  /** multiple choice and ranking: at most this many */
  maxChoices: z.number().int().min(1).optional(),
  /** scale bounds (default 1–10) */
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  /** allocation: the votes to distribute, all of them */
  votes: z.number().int().min(1).max(1000).optional(),
  /** matrix rows; each row takes one of `options` */
  rows: z.array(z.object({ key: Key, label: Multiloc })).max(40).optional(),
  /** show only when another (earlier) question has this answer */
  showIf: z.object({ question: Key, equals: z.string() }).optional(),
});
export type Question = z.infer<typeof Question>;

export const Section = z.object({ key: Key, title: Multiloc, description: Multiloc.optional() });
export type Section = z.infer<typeof Section>;

/**
 * A respondent attribute asked at the start of the answer form ("neighbourhood", "I answer as"). Values
 * always come from the declared list (no free text), so attributes stay coarse; `showIf` asks it only
 * after another attribute's value (e.g. the organisation type after "I answer as: organisation").
 */
export const RespondentAttribute = z.object({
  key: Key,
  label: Multiloc,
  help: Multiloc.optional(),
  required: z.boolean().default(false),
  options: z.array(z.object({ key: Key, label: Multiloc })).max(60),
  showIf: z.object({ attribute: Key, equals: z.string().max(40) }).optional(),
});
export type RespondentAttribute = z.infer<typeof RespondentAttribute>;

/** Audience "signed-in people with a profile attribute": the respondent declares `key` with one of `values`. */
export const AudienceAttribute = z.object({ key: Key, values: z.array(Key).min(1).max(60) });
export type AudienceAttribute = z.infer<typeof AudienceAttribute>;

/** Anonymous surveys keep attributes coarse: few of them, short value lists. */
export const ANONYMOUS_ATTRIBUTE_LIMITS = { attributes: 3, values: 20 } as const;

/** Checks the declared respondent attributes (unique keys, two values at least, conditions on earlier ones, the anonymous limits). */
export function checkAttributes(attributes: RespondentAttribute[], opts: { anonymous: boolean; audienceAttribute?: AudienceAttribute | null | undefined }): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  if (opts.anonymous && attributes.length > ANONYMOUS_ATTRIBUTE_LIMITS.attributes)
    errors.push({ field: 'attributes', message: `an anonymous consultation asks at most ${ANONYMOUS_ATTRIBUTE_LIMITS.attributes} attributes`, code: 'too_many_attributes' });
  attributes.forEach((a, i) => {
    const f = `attributes[${i}]`;
    if (seen.has(a.key)) errors.push({ field: `${f}.key`, message: 'attribute keys must be unique' });
    if (a.options.length < 2) errors.push({ field: `${f}.options`, message: 'an attribute needs at least two values to choose from' });
    if (new Set(a.options.map((o) => o.key)).size !== a.options.length) errors.push({ field: `${f}.options`, message: 'value keys must be unique' });
    if (opts.anonymous && a.options.length > ANONYMOUS_ATTRIBUTE_LIMITS.values) errors.push({ field: `${f}.options`, message: `an anonymous consultation keeps attributes coarse: at most ${ANONYMOUS_ATTRIBUTE_LIMITS.values} values` });
    if (a.showIf && !seen.get(a.showIf.attribute)?.has(a.showIf.equals)) errors.push({ field: `${f}.showIf.attribute`, message: 'a condition must name a value of an earlier attribute' });
    seen.set(a.key, new Set(a.options.map((o) => o.key)));
  });
  const aa = opts.audienceAttribute;
  if (aa) {
    const values = seen.get(aa.key);
    if (!values) errors.push({ field: 'audienceAttribute.key', message: 'the audience must name one of the declared attributes' });
    else if (aa.values.some((v) => !values.has(v))) errors.push({ field: 'audienceAttribute.values', message: 'choose among the attribute’s values' });
  }
  return errors;
}

/** Whether an attribute is asked, given the attributes declared so far. */
export function isAttributeShown(a: RespondentAttribute, profile: Record<string, string>): boolean {
  return !a.showIf || profile[a.showIf.attribute] === a.showIf.equals;
}

/**
 * Validates a respondent's profile against the declared attributes (`profile.<key>`): only declared keys,
 * values from the list, required ones present, hidden ones absent. A survey that declares no attribute
 * takes the profile as given (API imports, older surveys).
 */
export function validateProfile(attributes: RespondentAttribute[], profile: Record<string, string>): FieldError[] {
  if (!attributes.length) return [];
  const errors: FieldError[] = [];
  const known = new Map(attributes.map((a) => [a.key, a]));
  for (const k of Object.keys(profile)) if (!known.has(k)) errors.push({ field: `profile.${k}`, message: 'this consultation does not ask this', code: 'unknown_attribute' });
  for (const a of attributes) {
    const v = profile[a.key];
    const field = `profile.${a.key}`;
    if (!isAttributeShown(a, profile)) {
      if (v !== undefined && v !== '') errors.push({ field, message: 'this is not asked for your previous answer', code: 'not_shown' });
      continue;
    }
    if (v === undefined || v === '') {
      if (a.required) errors.push({ field, message: 'this needs an answer', code: 'required' });
      continue;
    }
    if (!a.options.some((o) => o.key === v)) errors.push({ field, message: 'choose one of the values', code: 'invalid_option' });
  }
  return errors;
}

export type AnswerValue = string | number | string[] | Record<string, number> | Record<string, string>;
export type Answers = Record<string, AnswerValue>;

export const TEXT_LIMITS = { short_text: SHARED_TEXT_LIMITS.answerShortText, long_text: SHARED_TEXT_LIMITS.answerLongText } as const;

/** Checks that the question list is coherent (unique keys, options where needed, conditions on earlier questions). */
export function checkQuestions(questions: Question[], sections: Section[] = []): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const sectionKeys = new Set(sections.map((s) => s.key));
  questions.forEach((q, i) => {
    const f = `questions[${i}]`;
    if (seen.has(q.key)) errors.push({ field: `${f}.key`, message: 'question keys must be unique' });
    if (['single', 'multiple', 'ranking', 'allocation', 'matrix'].includes(q.type) && !(q.options && q.options.length >= 2))
      errors.push({ field: `${f}.options`, message: 'this question type needs at least two options' });
    if (q.type === 'allocation' && !q.votes) errors.push({ field: `${f}.votes`, message: 'an allocation question needs the number of votes to distribute' });
    if (q.type === 'matrix' && !q.rows?.length) errors.push({ field: `${f}.rows`, message: 'a matrix needs rows' });
    if (q.section && !sectionKeys.has(q.section)) errors.push({ field: `${f}.section`, message: 'unknown section' });
    if (q.showIf && !seen.has(q.showIf.question)) errors.push({ field: `${f}.showIf.question`, message: 'a condition must name an earlier question' });
    else if (q.showIf) {
      const target = questions.find((x) => x.key === q.showIf!.question)!;
      if (!['single', 'multiple'].includes(target.type) || !target.options?.some((o) => o.key === q.showIf!.equals))
        errors.push({ field: `${f}.showIf.equals`, message: 'a condition must name an option of a single or multiple choice question' });
    }
    if (q.options && new Set(q.options.map((o) => o.key)).size !== q.options.length) errors.push({ field: `${f}.options`, message: 'option keys must be unique' });
    if (q.type === 'multiple' && q.maxChoices && q.options && q.maxChoices > q.options.length) errors.push({ field: `${f}.maxChoices`, message: 'the maximum cannot be more than the number of options' });
    const min = q.min ?? 1;
    const max = q.max ?? 10;
    if (q.type === 'scale' && min >= max) errors.push({ field: `${f}.max`, message: 'max must be greater than min' });
    seen.add(q.key);
  });
  return errors;
}

/** Whether a question is shown, given the answers so far. */
export function isShown(q: Question, answers: Answers): boolean {
  if (!q.showIf) return true;
  const a = answers[q.showIf.question];
  return Array.isArray(a) ? a.includes(q.showIf.equals) : a === q.showIf.equals;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a set of answers against the questions. Returns the rule each bad answer breaks, by field
 * (`answers.<key>`); an empty list means the answers may be stored.
 */
export function validateAnswers(questions: Question[], answers: Answers): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(questions.map((q) => q.key));
  for (const k of Object.keys(answers)) if (!known.has(k)) errors.push({ field: `answers.${k}`, message: 'there is no such question', code: 'unknown_question' });
  for (const q of questions) {
    const field = `answers.${q.key}`;
    const a = answers[q.key];
    const err = (message: string, code: string) => errors.push({ field, message, code });
    const empty = a === undefined || a === '' || (Array.isArray(a) && a.length === 0) || (isRecord(a) && Object.keys(a).length === 0);
    if (!isShown(q, answers)) {
      if (!empty) err('this question is not shown for your previous answer', 'not_shown');
      continue;
    }
    if (empty) {
      if (q.required) err('this question needs an answer', 'required');
      continue;
    }
    const optionKeys = new Set((q.options ?? []).map((o) => o.key));
    switch (q.type) {
      case 'single':
        if (typeof a !== 'string' || !optionKeys.has(a)) err('choose one of the options', 'invalid_option');
        break;
      case 'multiple':
      case 'ranking': {
        if (!Array.isArray(a) || a.some((x) => typeof x !== 'string' || !optionKeys.has(x))) {
          err('choose among the options', 'invalid_option');
          break;
        }
        if (new Set(a).size !== a.length) err('each option may be chosen once', 'duplicate_option');
        else if (q.maxChoices && a.length > q.maxChoices) err(`choose at most ${q.maxChoices}`, 'too_many_choices');
        break;
      }
      case 'scale': {
        const min = q.min ?? 1;
        const max = q.max ?? 10;
        if (typeof a !== 'number' || !Number.isInteger(a) || a < min || a > max) err(`give a whole number from ${min} to ${max}`, 'out_of_range');
        break;
      }
      case 'allocation': {
        if (!isRecord(a) || Object.entries(a).some(([k, v]) => !optionKeys.has(k) || typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
          err('give whole, non-negative numbers of votes to the options', 'invalid_option');
          break;
        }
        const sum = Object.values(a as Record<string, number>).reduce((s, v) => s + v, 0);
        if (sum !== q.votes) err(`the votes must add up to ${q.votes} (they add up to ${sum})`, 'allocation_sum');
        break;
      }
      case 'short_text':
      case 'long_text':
        if (typeof a !== 'string') err('write text', 'invalid_text');
        else if (a.length > TEXT_LIMITS[q.type]) err(`at most ${TEXT_LIMITS[q.type]} characters`, 'too_long');
        break;
      case 'matrix': {
        const rows = new Set((q.rows ?? []).map((r) => r.key));
        if (!isRecord(a) || Object.entries(a).some(([k, v]) => !rows.has(k) || typeof v !== 'string' || !optionKeys.has(v))) {
          err('choose one option for each row', 'invalid_option');
          break;
        }
        if (q.required && Object.keys(a).length !== rows.size) err('answer every row', 'required');
        break;
      }
    }
  }
  return errors;
}

export const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** Aggregates answers into per-question results: n, counts and %, means for scales. */
export function computeResults(questions: Question[], all: Answers[]): QuestionResult[] {
  return questions.map((q) => {
    const answered = all.map((a) => a[q.key]).filter((a) => a !== undefined && a !== '' && !(Array.isArray(a) && a.length === 0));
    const n = answered.length;
    const opts = q.options ?? [];
    const count = new Map(opts.map((o) => [o.key, 0]));
    const r: QuestionResult = { key: q.key, type: q.type, n };
    switch (q.type) {
      case 'single':
      case 'multiple': {
        for (const a of answered) for (const k of [a].flat() as string[]) count.set(k, (count.get(k) ?? 0) + 1);
        const total = [...count.values()].reduce((s, v) => s + v, 0);
        r.options = opts.map((o) => ({ key: o.key, count: count.get(o.key)!, pct: pct(count.get(o.key)!, n) }));
        if (q.type === 'multiple') r.total = total;
        if (opts.some((o) => o.group)) {
          const groups = new Map<string, { label: Multiloc; count: number }>();
          for (const o of opts) {
            const g = groups.get(o.group?.ro ?? '') ?? { label: o.group ?? { ro: '—' }, count: 0 };
            g.count += count.get(o.key)!;
            groups.set(o.group?.ro ?? '', g);
          }
          r.groups = [...groups.values()].map((g) => ({ ...g, pct: pct(g.count, total) }));
          r.options = r.options.map((o, i) => ({ ...o, pctOfGroup: pct(o.count, groups.get(opts[i]!.group?.ro ?? '')!.count) }));
        }
        break;
      }
      case 'scale': {
        const values = answered as number[];
        const min = q.min ?? 1;
        const max = q.max ?? 10;
        r.mean = n ? Math.round((values.reduce((s, v) => s + v, 0) / n) * 100) / 100 : undefined;
        r.distribution = Array.from({ length: max - min + 1 }, (_, i) => min + i).map((v) => {
          const c = values.filter((x) => x === v).length;
          return { value: v, count: c, pct: pct(c, n) };
        });
        break;
      }
      case 'ranking': {
        const points = new Map(opts.map((o) => [o.key, 0]));
        const posSum = new Map(opts.map((o) => [o.key, 0]));
        for (const a of answered as string[][])
          a.forEach((k, i) => {
            count.set(k, count.get(k)! + 1);
            points.set(k, points.get(k)! + (opts.length - i));
            posSum.set(k, posSum.get(k)! + i + 1);
          });
        r.options = opts
          .map((o) => ({ key: o.key, count: count.get(o.key)!, pct: pct(count.get(o.key)!, n), points: points.get(o.key)!, ...(count.get(o.key)! ? { meanPosition: Math.round((posSum.get(o.key)! / count.get(o.key)!) * 100) / 100 } : {}) }))
          .sort((a, b) => b.points - a.points);
        break;
      }
      case 'allocation': {
        const votes = new Map(opts.map((o) => [o.key, 0]));
        for (const a of answered as Record<string, number>[]) for (const [k, v] of Object.entries(a)) {
          votes.set(k, votes.get(k)! + v);
          if (v > 0) count.set(k, count.get(k)! + 1);
        }
        const total = [...votes.values()].reduce((s, v) => s + v, 0);
        r.total = total;
        r.options = opts.map((o) => ({ key: o.key, count: count.get(o.key)!, points: votes.get(o.key)!, pct: pct(votes.get(o.key)!, total) }));
        break;
      }
      case 'matrix':
        r.rows = (q.rows ?? []).map((row) => {
          const c = new Map(opts.map((o) => [o.key, 0]));
          let rn = 0;
          for (const a of answered as Record<string, string>[]) {
            const v = a[row.key];
            if (v !== undefined) {
              rn++;
              c.set(v, (c.get(v) ?? 0) + 1);
            }
          }
          return { key: row.key, n: rn, options: opts.map((o) => ({ key: o.key, count: c.get(o.key)!, pct: pct(c.get(o.key)!, rn) })) };
        });
        break;
      default:
        r.texts = n;
    }
    return r;
  });
}
