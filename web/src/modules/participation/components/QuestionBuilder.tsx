/**
 * The staff form builder for a consultation (issue 4): parts (sections), questions of the eight types and
 * the questions about the person answering (respondent attributes) — add, remove, move up/down, edit
 * options and rows, required/optional, help text, "show only if", in ro/en/hu. Keys are generated and
 * never shown. The server's validation stays the single source of truth: its problem+json errors
 * (`questions[2].options[1].label.ro`, …) are shown next to the input they name. `SurveyPreview` renders
 * the same QuestionInput the respondents see.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field';
import type { FieldError } from '../../../api/client';
import { pick } from '../../../i18n';
import type { AnswerValue, Multiloc, Question, QuestionType, RespondentAttribute, SurveySection } from '../api/types';
import { QUESTION_TYPES } from '../../../../../src/shared/survey-results';
import { AttributeInput, isAttributeShown, isShown, QuestionInput } from './QuestionInput';

export interface SurveyDraft {
  sections: SurveySection[];
  questions: Question[];
  attributes: RespondentAttribute[];
}

const WITH_OPTIONS: QuestionType[] = ['single', 'multiple', 'ranking', 'allocation', 'matrix'];
const LANGS = ['en', 'hu'] as const;

type Item = { key: string; label: Multiloc };

/** A new key `<prefix><n>` not used yet. */
function nextKey(prefix: string, used: string[]): string {
  let n = used.length + 1;
  while (used.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}
const move = <T,>(list: T[], i: number, by: number): T[] => {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};
const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
const setLang = (m: Multiloc | undefined, lang: 'ro' | 'en' | 'hu', v: string): Multiloc => ({ ...(m ?? { ro: '' }), [lang]: v });

/** Removes what a question's type does not use and empty translations, so the server sees a clean definition. */
export function cleanDraft(d: SurveyDraft): SurveyDraft {
  const ml = (m: Multiloc): Multiloc => ({ ro: m.ro, ...(m.en ? { en: m.en } : {}), ...(m.hu ? { hu: m.hu } : {}) });
  const items = (l: Item[] | undefined) => (l ?? []).map((o) => ({ key: o.key, label: ml(o.label) }));
  return {
    sections: d.sections.map((s) => ({ key: s.key, title: ml(s.title) })),
    attributes: d.attributes.map((a) => ({ key: a.key, label: ml(a.label), required: a.required, options: items(a.options), ...(a.help?.ro ? { help: ml(a.help) } : {}), ...(a.showIf ? { showIf: a.showIf } : {}) })),
    questions: d.questions.map((q) => ({
      key: q.key,
      type: q.type,
      title: ml(q.title),
      required: q.required,
      ...(q.help?.ro ? { help: ml(q.help) } : {}),
      ...(q.section ? { section: q.section } : {}),
      ...(q.showIf ? { showIf: q.showIf } : {}),
      ...(WITH_OPTIONS.includes(q.type) ? { options: (q.options ?? []).map((o) => ({ key: o.key, label: ml(o.label), ...(o.group ? { group: o.group } : {}) })) } : {}),
      ...(q.type === 'multiple' && q.maxChoices ? { maxChoices: q.maxChoices } : {}),
      ...(q.type === 'scale' ? { min: q.min ?? 1, max: q.max ?? 10 } : {}),
      ...(q.type === 'allocation' ? { votes: q.votes ?? 0 } : {}),
      ...(q.type === 'matrix' ? { rows: items(q.rows) } : {}),
    })),
  };
}

/** The shared Field as a text input that reports its new value. */
function Text({ onChange, ...field }: { id: string; label: string; value: string; onChange(v: string): void; error?: string | undefined; hint?: string }) {
  return <Field type="text" {...field} onChange={(e) => onChange(e.target.value)} />;
}

/** Move up / Move down / Remove, named after the thing they act on. */
function ItemButtons({ idBase, name, index, count, onMove, onRemove, removeLabel }: { idBase: string; name: string; index: number; count: number; onMove(by: number): void; onRemove(): void; removeLabel?: string }) {
  const { t } = useTranslation();
  return (
    <div className="pb-buttons">
      <button type="button" id={`${idBase}-up`} className="pb-small" disabled={index === 0} aria-label={`${t('participation.builder.moveUp')}: ${name}`} onClick={() => onMove(-1)}>
        {t('participation.builder.moveUp')}
      </button>
      <button type="button" id={`${idBase}-down`} className="pb-small" disabled={index === count - 1} aria-label={`${t('participation.builder.moveDown')}: ${name}`} onClick={() => onMove(1)}>
        {t('participation.builder.moveDown')}
      </button>
      <button type="button" className="pb-small pb-remove" aria-label={`${removeLabel ?? t('participation.builder.remove')}: ${name}`} onClick={onRemove}>
        {removeLabel ?? t('participation.builder.remove')}
      </button>
    </div>
  );
}

/** Options, matrix rows or attribute values: one text per item (Romanian here; translations apart). */
function ItemList({ idBase, legend, itemName, addLabel, prefix, items, onChange, errorAt, announce }: { idBase: string; legend: string; itemName: (n: number) => string; addLabel: string; prefix: string; items: Item[]; onChange(items: Item[]): void; errorAt(sub: string): string | undefined; announce(msg: string): void }) {
  const { t } = useTranslation();
  const listError = errorAt('');
  return (
    <fieldset className={`pb-items${listError ? ' field--error' : ''}`}>
      <legend>{legend}</legend>
      {listError ? <p className="field__error">{listError}</p> : null}
      <ol>
        {items.map((o, i) => (
          <li key={o.key}>
            <Text id={`${idBase}-${o.key}`} label={itemName(i + 1)} value={o.label.ro} onChange={(v) => onChange(items.map((x) => (x.key === o.key ? { ...x, label: setLang(x.label, 'ro', v) } : x)))} error={errorAt(`[${i}].label.ro`) ?? errorAt(`[${i}].key`)} />
            <ItemButtons
              idBase={`${idBase}-${o.key}`}
              name={itemName(i + 1)}
              index={i}
              count={items.length}
              onMove={(by) => {
                onChange(move(items, i, by));
                announce(t('participation.builder.moved', { name: itemName(i + 1), n: i + 1 + by }));
                focusSoon(`${idBase}-${o.key}-${by < 0 ? 'up' : 'down'}`);
              }}
              onRemove={() => {
                onChange(items.filter((x) => x.key !== o.key));
                announce(t('participation.builder.removed', { name: itemName(i + 1) }));
                focusSoon(`${idBase}-add`);
              }}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        id={`${idBase}-add`}
        onClick={() => {
          const key = nextKey(prefix, items.map((x) => x.key));
          onChange([...items, { key, label: { ro: '' } }]);
          focusSoon(`${idBase}-${key}`);
        }}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}

/** The English and Hungarian texts of one block, folded away (Romanian first, the others optional). */
function Translations({ idBase, fields }: { idBase: string; fields: { label: string; value: Multiloc | undefined; onChange(m: Multiloc): void; error?: (lang: 'en' | 'hu') => string | undefined }[] }) {
  const { t } = useTranslation();
  return (
    <details className="pb-translations">
      <summary>{t('participation.builder.translations')}</summary>
      {LANGS.map((lang) => (
        <div key={lang}>
          {fields.map((f, i) => (
            <Text key={i} id={`${idBase}-${lang}-${i}`} label={t(`participation.builder.inLang.${lang}`, { what: f.label })} value={f.value?.[lang] ?? ''} onChange={(v) => f.onChange(setLang(f.value, lang, v))} error={f.error?.(lang)} />
          ))}
        </div>
      ))}
    </details>
  );
}

function Card({ id, title, children, errors }: { id: string; title: string; children: ReactNode; errors: string[] }) {
  return (
    <li className="pb-card">
      <section aria-labelledby={id}>
        <h3 id={id}>{title}</h3>
        {errors.length ? (
          <ul className="field__error">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {children}
      </section>
    </li>
  );
}

/** Server errors whose field is exactly `<prefix><sub>`, and the ones under `prefix` nobody shows. */
function errorTools(errors: FieldError[], prefix: string, shown: RegExp, t?: (k: string) => string) {
  // An empty text the server refuses ("too small") is said in plain words; other rules keep the server's message.
  const at = (sub: string) => {
    const e = errors.find((x) => x.field === `${prefix}${sub}`);
    return e && e.code === 'too_small' && t && /\.(ro|en|hu)$/.test(e.field) ? t('participation.builder.fillIn') : e?.message;
  };
  const rest = errors.filter((e) => (e.field === prefix || e.field.startsWith(`${prefix}.`) || e.field.startsWith(`${prefix}[`)) && !shown.test(e.field.slice(prefix.length))).map((e) => `${e.field}: ${e.message}`);
  return { at, rest };
}
const SHOWN_Q = /^\.(title|help)\.(ro|en|hu)$|^\.(options|rows)(\[\d+\]\.(label\.(ro|en|hu)|key))?$|^\.(votes|min|max|maxChoices|section|type)$|^\.showIf(\.question|\.equals)?$/;
const SHOWN_A = /^\.(label)\.(ro|en|hu)$|^\.options(\[\d+\]\.(label\.(ro|en|hu)|key))?$|^\.showIf(\.attribute|\.equals)?$/;

export function QuestionBuilder({ value, onChange, errors }: { value: SurveyDraft; onChange(d: SurveyDraft): void; errors: FieldError[] }) {
  const { t } = useTranslation();
  const uid = useId().replace(/:/g, '');
  const [said, setSaid] = useState('');
  const { sections, questions, attributes } = value;
  const setQuestions = (qs: Question[]) => onChange({ ...value, questions: qs });
  const setQuestion = (i: number, q: Partial<Question>) => setQuestions(questions.map((x, j) => (j === i ? { ...x, ...q } : x)));
  const setAttributes = (as: RespondentAttribute[]) => onChange({ ...value, attributes: as });
  const setAttribute = (i: number, a: Partial<RespondentAttribute>) => setAttributes(attributes.map((x, j) => (j === i ? { ...x, ...a } : x)));
  const qName = (i: number) => t('participation.builder.questionN', { n: i + 1 });
  const blank = (label = '') => ({ ro: label });

  const changeType = (i: number, type: QuestionType) => {
    const q = questions[i]!;
    const two = (p: string) => [{ key: `${p}1`, label: blank() }, { key: `${p}2`, label: blank() }];
    setQuestion(i, {
      type,
      ...(WITH_OPTIONS.includes(type) && !(q.options && q.options.length) ? { options: two('o') } : {}),
      ...(type === 'matrix' && !(q.rows && q.rows.length) ? { rows: two('r') } : {}),
      ...(type === 'allocation' && !q.votes ? { votes: 10 } : {}),
      ...(type === 'scale' ? { min: q.min ?? 1, max: q.max ?? 10 } : {}),
    });
  };

  return (
    <div className="pb">
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>

      <section aria-labelledby={`${uid}-about`}>
        <h2 id={`${uid}-about`}>{t('participation.builder.attributesTitle')}</h2>
        <p className="field__hint">{t('participation.builder.attributesHint')}</p>
        {errorTools(errors, 'attributes', /^\[/).rest.map((e) => (
          <p key={e} className="field__error">
            {e}
          </p>
        ))}
        <ol className="pb-list">
          {attributes.map((a, i) => {
            const prefix = `attributes[${i}]`;
            const { at, rest } = errorTools(errors, prefix, SHOWN_A, t);
            const name = t('participation.builder.attributeN', { n: i + 1 });
            const earlier = attributes.slice(0, i);
            const idBase = `${uid}-a-${a.key}`;
            return (
              <Card key={a.key} id={`${idBase}-h`} title={`${name}${a.label.ro ? `: ${a.label.ro}` : ''}`} errors={rest}>
                <Text id={`${idBase}-label`} label={t('participation.builder.attributeLabel')} hint={t('participation.builder.attributeLabelHint')} value={a.label.ro} onChange={(v) => setAttribute(i, { label: setLang(a.label, 'ro', v) })} error={at('.label.ro')} />
                <div className="pb-check">
                  <label className="pp-choice">
                    <input type="checkbox" checked={a.required} onChange={(e) => setAttribute(i, { required: e.target.checked })} /> {t('participation.builder.attributeRequired')}
                  </label>
                </div>
                <ItemList
                  idBase={`${idBase}-v`}
                  legend={t('participation.builder.values')}
                  itemName={(n) => t('participation.builder.valueN', { n })}
                  addLabel={t('participation.builder.addValue')}
                  prefix="v"
                  items={a.options}
                  onChange={(options) => setAttribute(i, { options })}
                  errorAt={(sub) => at(`.options${sub}`)}
                  announce={setSaid}
                />
                {earlier.length ? (
                  <div className={`field${at('.showIf.attribute') ? ' field--error' : ''}`}>
                    <label htmlFor={`${idBase}-if`}>{t('participation.builder.askWhen')}</label>
                    {at('.showIf.attribute') ? <p className="field__error">{at('.showIf.attribute')}</p> : null}
                    <select id={`${idBase}-if`} value={a.showIf ? `${a.showIf.attribute}::${a.showIf.equals}` : ''} onChange={(e) => {
                      const [attribute, equals] = e.target.value.split('::');
                      setAttribute(i, { showIf: e.target.value ? { attribute: attribute!, equals: equals! } : undefined });
                    }}>
                      <option value="">{t('participation.builder.always')}</option>
                      {earlier.map((x, xi) => (
                        <optgroup key={x.key} label={x.label.ro || t('participation.builder.attributeN', { n: xi + 1 })}>
                          {x.options.map((o) => (
                            <option key={o.key} value={`${x.key}::${o.key}`}>
                              {t('participation.builder.onlyIf', { question: x.label.ro || t('participation.builder.attributeN', { n: xi + 1 }), answer: o.label.ro || o.key })}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  </div>
                ) : null}
                <Translations
                  idBase={`${idBase}-tr`}
                  fields={[
                    { label: t('participation.builder.attributeLabel'), value: a.label, onChange: (m) => setAttribute(i, { label: m }), error: (l) => at(`.label.${l}`) },
                    ...a.options.map((o, oi) => ({ label: t('participation.builder.valueN', { n: oi + 1 }), value: o.label, onChange: (m: Multiloc) => setAttribute(i, { options: a.options.map((x) => (x.key === o.key ? { ...x, label: m } : x)) }) })),
                  ]}
                />
                <ItemButtons
                  idBase={idBase}
                  name={name}
                  index={i}
                  count={attributes.length}
                  removeLabel={t('participation.builder.removeAttribute')}
                  onMove={(by) => {
                    setAttributes(move(attributes, i, by));
                    setSaid(t('participation.builder.moved', { name, n: i + 1 + by }));
                    focusSoon(`${idBase}-${by < 0 ? 'up' : 'down'}`);
                  }}
                  onRemove={() => {
                    setAttributes(attributes.filter((x) => x.key !== a.key).map((x) => (x.showIf?.attribute === a.key ? { ...x, showIf: undefined } : x)));
                    setSaid(t('participation.builder.removed', { name }));
                    focusSoon(`${uid}-add-attribute`);
                  }}
                />
              </Card>
            );
          })}
        </ol>
        <button
          type="button"
          id={`${uid}-add-attribute`}
          onClick={() => {
            const key = nextKey('a', attributes.map((a) => a.key));
            setAttributes([...attributes, { key, label: blank(), required: false, options: [{ key: 'v1', label: blank() }, { key: 'v2', label: blank() }] }]);
            focusSoon(`${uid}-a-${key}-label`);
          }}
        >
          {t('participation.builder.addAttribute')}
        </button>
      </section>

      <section aria-labelledby={`${uid}-parts`}>
        <h2 id={`${uid}-parts`}>{t('participation.builder.sectionsTitle')}</h2>
        <p className="field__hint">{t('participation.builder.sectionsHint')}</p>
        <ol className="pb-list">
          {sections.map((s, i) => {
            const name = t('participation.builder.sectionN', { n: i + 1 });
            const { at, rest } = errorTools(errors, `sections[${i}]`, /^\.title\.(ro|en|hu)$/, t);
            const idBase = `${uid}-s-${s.key}`;
            return (
              <Card key={s.key} id={`${idBase}-h`} title={`${name}${s.title.ro ? `: ${s.title.ro}` : ''}`} errors={rest}>
                <Text id={`${idBase}-title`} label={t('participation.builder.sectionTitle')} value={s.title.ro} onChange={(v) => onChange({ ...value, sections: sections.map((x) => (x.key === s.key ? { ...x, title: setLang(x.title, 'ro', v) } : x)) })} error={at('.title.ro')} />
                <Translations idBase={`${idBase}-tr`} fields={[{ label: t('participation.builder.sectionTitle'), value: s.title, onChange: (m) => onChange({ ...value, sections: sections.map((x) => (x.key === s.key ? { ...x, title: m } : x)) }), error: (l) => at(`.title.${l}`) }]} />
                <ItemButtons
                  idBase={idBase}
                  name={name}
                  index={i}
                  count={sections.length}
                  removeLabel={t('participation.builder.removeSection')}
                  onMove={(by) => {
                    onChange({ ...value, sections: move(sections, i, by) });
                    setSaid(t('participation.builder.moved', { name, n: i + 1 + by }));
                    focusSoon(`${idBase}-${by < 0 ? 'up' : 'down'}`);
                  }}
                  onRemove={() => {
                    onChange({ ...value, sections: sections.filter((x) => x.key !== s.key), questions: questions.map((q) => (q.section === s.key ? { ...q, section: undefined } : q)) });
                    setSaid(t('participation.builder.removed', { name }));
                    focusSoon(`${uid}-add-section`);
                  }}
                />
              </Card>
            );
          })}
        </ol>
        <button
          type="button"
          id={`${uid}-add-section`}
          onClick={() => {
            const key = nextKey('s', sections.map((s) => s.key));
            onChange({ ...value, sections: [...sections, { key, title: blank() }] });
            focusSoon(`${uid}-s-${key}-title`);
          }}
        >
          {t('participation.builder.addSection')}
        </button>
      </section>

      <section aria-labelledby={`${uid}-questions`}>
        <h2 id={`${uid}-questions`}>{t('participation.builder.questionsTitle')}</h2>
        {errorTools(errors, 'questions', /^\[/).rest.map((e) => (
          <p key={e} className="field__error">
            {e}
          </p>
        ))}
        <ol className="pb-list">
          {questions.map((q, i) => {
            const prefix = `questions[${i}]`;
            const { at, rest } = errorTools(errors, prefix, SHOWN_Q, t);
            const name = qName(i);
            const idBase = `${uid}-q-${q.key}`;
            const earlier = questions.slice(0, i).map((x, xi) => ({ x, xi })).filter(({ x }) => (x.type === 'single' || x.type === 'multiple') && x.options?.length);
            const conditionError = at('.showIf.question') ?? at('.showIf.equals') ?? at('.showIf');
            return (
              <Card key={q.key} id={`${idBase}-h`} title={`${name}${q.title.ro ? `: ${q.title.ro}` : ''}`} errors={rest}>
                <div className="field">
                  <label htmlFor={`${idBase}-type`}>{t('participation.builder.type')}</label>
                  <select id={`${idBase}-type`} value={q.type} onChange={(e) => changeType(i, e.target.value as QuestionType)}>
                    {QUESTION_TYPES.map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`participation.builder.types.${ty}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <Text id={`${idBase}-title`} label={t('participation.builder.questionText')} value={q.title.ro} onChange={(v) => setQuestion(i, { title: setLang(q.title, 'ro', v) })} error={at('.title.ro')} />
                <Text id={`${idBase}-help`} label={t('participation.builder.help')} hint={t('participation.builder.helpHint')} value={q.help?.ro ?? ''} onChange={(v) => setQuestion(i, { help: setLang(q.help, 'ro', v) })} error={at('.help.ro')} />
                <div className="pb-check">
                  <label className="pp-choice">
                    <input type="checkbox" checked={q.required} onChange={(e) => setQuestion(i, { required: e.target.checked })} /> {t('participation.builder.required')}
                  </label>
                </div>
                {q.type === 'scale' ? (
                  <div className="pb-row">
                    <Text id={`${idBase}-min`} label={t('participation.builder.scaleFrom')} value={String(q.min ?? 1)} onChange={(v) => setQuestion(i, { min: Number(v) || 0 })} error={at('.min')} />
                    <Text id={`${idBase}-max`} label={t('participation.builder.scaleTo')} value={String(q.max ?? 10)} onChange={(v) => setQuestion(i, { max: Number(v) || 0 })} error={at('.max')} />
                  </div>
                ) : null}
                {q.type === 'allocation' ? <Text id={`${idBase}-votes`} label={t('participation.builder.votes')} value={String(q.votes ?? '')} onChange={(v) => setQuestion(i, { votes: Math.floor(Number(v)) || 0 })} error={at('.votes')} /> : null}
                {q.type === 'multiple' ? <Text id={`${idBase}-maxc`} label={t('participation.builder.maxChoices')} hint={t('participation.builder.maxChoicesHint')} value={q.maxChoices ? String(q.maxChoices) : ''} onChange={(v) => setQuestion(i, { maxChoices: Math.floor(Number(v)) || undefined })} error={at('.maxChoices')} /> : null}
                {q.type === 'matrix' ? (
                  <ItemList idBase={`${idBase}-r`} legend={t('participation.builder.rows')} itemName={(n) => t('participation.builder.rowN', { n })} addLabel={t('participation.builder.addRow')} prefix="r" items={q.rows ?? []} onChange={(rows) => setQuestion(i, { rows })} errorAt={(sub) => at(`.rows${sub}`)} announce={setSaid} />
                ) : null}
                {WITH_OPTIONS.includes(q.type) ? (
                  <ItemList
                    idBase={`${idBase}-o`}
                    legend={q.type === 'matrix' ? t('participation.builder.matrixOptions') : t('participation.builder.options')}
                    itemName={(n) => t('participation.builder.optionN', { n })}
                    addLabel={t('participation.builder.addOption')}
                    prefix="o"
                    items={q.options ?? []}
                    onChange={(options) => setQuestion(i, { options })}
                    errorAt={(sub) => at(`.options${sub}`)}
                    announce={setSaid}
                  />
                ) : null}
                {sections.length ? (
                  <div className={`field${at('.section') ? ' field--error' : ''}`}>
                    <label htmlFor={`${idBase}-sec`}>{t('participation.builder.inSection')}</label>
                    {at('.section') ? <p className="field__error">{at('.section')}</p> : null}
                    <select id={`${idBase}-sec`} value={q.section ?? ''} onChange={(e) => setQuestion(i, { section: e.target.value || undefined })}>
                      <option value="">{t('participation.builder.noSection')}</option>
                      {sections.map((s, si) => (
                        <option key={s.key} value={s.key}>
                          {s.title.ro || t('participation.builder.sectionN', { n: si + 1 })}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                <div className={`field${conditionError ? ' field--error' : ''}`}>
                  <label htmlFor={`${idBase}-if`}>{t('participation.builder.showWhen')}</label>
                  <p className="field__hint" id={`${idBase}-if-hint`}>
                    {t('participation.builder.showWhenHint')}
                  </p>
                  {conditionError ? (
                    <p className="field__error" id={`${idBase}-if-error`}>
                      {conditionError}
                    </p>
                  ) : null}
                  <select
                    id={`${idBase}-if`}
                    aria-describedby={[`${idBase}-if-hint`, conditionError ? `${idBase}-if-error` : ''].filter(Boolean).join(' ')}
                    aria-invalid={conditionError ? true : undefined}
                    value={q.showIf ? `${q.showIf.question}::${q.showIf.equals}` : ''}
                    onChange={(e) => {
                      const [question, equals] = e.target.value.split('::');
                      setQuestion(i, { showIf: e.target.value ? { question: question!, equals: equals! } : undefined });
                    }}
                  >
                    <option value="">{t('participation.builder.always')}</option>
                    {q.showIf && !earlier.some(({ x }) => x.key === q.showIf!.question) ? <option value={`${q.showIf.question}::${q.showIf.equals}`}>{t('participation.builder.brokenCondition')}</option> : null}
                    {earlier.map(({ x, xi }) => (
                      <optgroup key={x.key} label={`${qName(xi)}: ${x.title.ro}`}>
                        {(x.options ?? []).map((o) => (
                          <option key={o.key} value={`${x.key}::${o.key}`}>
                            {t('participation.builder.onlyIf', { question: qName(xi), answer: o.label.ro || o.key })}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </div>
                <Translations
                  idBase={`${idBase}-tr`}
                  fields={[
                    { label: t('participation.builder.questionText'), value: q.title, onChange: (m) => setQuestion(i, { title: m }), error: (l) => at(`.title.${l}`) },
                    { label: t('participation.builder.help'), value: q.help, onChange: (m) => setQuestion(i, { help: m }), error: (l) => at(`.help.${l}`) },
                    ...(WITH_OPTIONS.includes(q.type) ? (q.options ?? []).map((o, oi) => ({ label: t('participation.builder.optionN', { n: oi + 1 }), value: o.label, onChange: (m: Multiloc) => setQuestion(i, { options: (q.options ?? []).map((x) => (x.key === o.key ? { ...x, label: m } : x)) }) })) : []),
                    ...(q.type === 'matrix' ? (q.rows ?? []).map((r, ri) => ({ label: t('participation.builder.rowN', { n: ri + 1 }), value: r.label, onChange: (m: Multiloc) => setQuestion(i, { rows: (q.rows ?? []).map((x) => (x.key === r.key ? { ...x, label: m } : x)) }) })) : []),
                  ]}
                />
                <ItemButtons
                  idBase={idBase}
                  name={name}
                  index={i}
                  count={questions.length}
                  removeLabel={t('participation.builder.removeQuestion')}
                  onMove={(by) => {
                    setQuestions(move(questions, i, by));
                    setSaid(t('participation.builder.moved', { name, n: i + 1 + by }));
                    focusSoon(`${idBase}-${by < 0 ? 'up' : 'down'}`);
                  }}
                  onRemove={() => {
                    setQuestions(questions.filter((x) => x.key !== q.key).map((x) => (x.showIf?.question === q.key ? { ...x, showIf: undefined } : x)));
                    setSaid(t('participation.builder.removed', { name }));
                    focusSoon(`${uid}-add-question`);
                  }}
                />
              </Card>
            );
          })}
        </ol>
        <button
          type="button"
          id={`${uid}-add-question`}
          className="pb-add"
          onClick={() => {
            const key = nextKey('q', questions.map((q) => q.key));
            setQuestions([...questions, { key, type: 'single', required: true, title: blank(), options: [{ key: 'o1', label: blank() }, { key: 'o2', label: blank() }], ...(sections.length ? { section: sections[sections.length - 1]!.key } : {}) }]);
            focusSoon(`${uid}-q-${key}-type`);
          }}
        >
          {t('participation.builder.addQuestion')}
        </button>
      </section>
    </div>
  );
}

/** What respondents will see: the same inputs as the answer form, with conditions applied as you try it. */
export function SurveyPreview({ draft }: { draft: SurveyDraft }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [profile, setProfile] = useState<Record<string, string>>({});
  const loose = draft.questions.filter((q) => !q.section || !draft.sections.some((s) => s.key === q.section));
  const groups = [{ key: '', title: { ro: '' } as Multiloc, questions: loose }, ...draft.sections.map((s) => ({ ...s, questions: draft.questions.filter((q) => q.section === s.key) }))].filter((g) => g.questions.length);
  const title = (m: Multiloc, fallback: string) => pick(m, lng) || fallback;
  return (
    <div className="pb-preview">
      <p className="field__hint">{t('participation.builder.previewHint')}</p>
      {draft.attributes.filter((a) => isAttributeShown(a, profile)).length ? (
        <>
          <h3>{t('participation.answerForm.aboutYou')}</h3>
          {draft.attributes
            .filter((a) => isAttributeShown(a, profile))
            .map((a, i) => (
              <AttributeInput key={a.key} attribute={{ ...a, label: { ro: title(a.label, t('participation.builder.attributeN', { n: i + 1 })) }, options: a.options.map((o, oi) => ({ ...o, label: { ro: title(o.label, t('participation.builder.valueN', { n: oi + 1 })) } })) }} value={profile[a.key]} onChange={(v) => setProfile((p) => ({ ...Object.fromEntries(Object.entries(p).filter(([k]) => k !== a.key)), ...(v ? { [a.key]: v } : {}) }))} />
            ))}
        </>
      ) : null}
      {groups.map((g) => (
        <div key={g.key || '-'}>
          {g.key ? <h3>{title(g.title, '…')}</h3> : null}
          {g.questions
            .filter((q) => isShown(q, answers))
            .map((q) => {
              const n = draft.questions.indexOf(q);
              const shown: Question = { ...q, title: { ro: title(q.title, t('participation.builder.questionN', { n: n + 1 })) }, ...(q.help?.ro ? { help: { ro: pick(q.help, lng) } } : { help: undefined }), options: (q.options ?? []).map((o, oi) => ({ ...o, label: { ro: title(o.label, t('participation.builder.optionN', { n: oi + 1 })) } })), rows: (q.rows ?? []).map((r, ri) => ({ ...r, label: { ro: title(r.label, t('participation.builder.rowN', { n: ri + 1 })) } })) };
              if (!shown.help) delete shown.help;
              return <QuestionInput key={q.key} question={shown} value={answers[q.key]} onChange={(v) => setAnswers((a) => ({ ...Object.fromEntries(Object.entries(a).filter(([k]) => k !== q.key)), ...(v !== undefined ? { [q.key]: v } : {}) }))} />;
            })}
        </div>
      ))}
    </div>
  );
}
