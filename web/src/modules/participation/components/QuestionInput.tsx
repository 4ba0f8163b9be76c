import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../../../i18n';
import type { AnswerValue, Question, RespondentAttribute } from '../api/types';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

interface Props {
  question: Question;
  value: AnswerValue | undefined;
  onChange(v: AnswerValue | undefined): void;
  error?: string | undefined;
}

/** One question as accessible form controls: a fieldset with a legend, help text and the server's error. */
export function QuestionInput({ question: q, value, onChange, error }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const id = useId();
  const helpId = q.help ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [helpId, errId].filter(Boolean).join(' ') || undefined;
  const options = q.options ?? [];
  const legend = (
    <legend>
      {pick(q.title, lng)}
      {q.required ? <span className="pp-required"> ({t('participation.survey.required')})</span> : null}
    </legend>
  );
  const help = <HelpAndError help={q.help ? pick(q.help, lng) : undefined} helpId={helpId} error={error} errId={errId} />;

  switch (q.type) {
    case 'single':
      return (
        <fieldset className="pp-question" aria-describedby={describedBy}>
          {legend}
          {help}
          {options.map((o) => (
            <label key={o.key} className="pp-choice">
              <input type="radio" name={`${id}-${q.key}`} value={o.key} checked={value === o.key} onChange={() => onChange(o.key)} /> {pick(o.label, lng)}
            </label>
          ))}
        </fieldset>
      );
    case 'multiple': {
      const list = (value as string[] | undefined) ?? [];
      return (
        <fieldset className="pp-question" aria-describedby={describedBy}>
          {legend}
          {q.maxChoices ? <p className="field__hint">{t('participation.survey.maxChoices', { count: q.maxChoices })}</p> : null}
          {help}
          {options.map((o) => (
            <label key={o.key} className="pp-choice">
              <input type="checkbox" checked={list.includes(o.key)} onChange={(e) => onChange(e.target.checked ? [...list, o.key] : list.filter((k) => k !== o.key))} /> {o.group ? `${pick(o.group, lng)}: ` : ''}
              {pick(o.label, lng)}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'scale': {
      const min = q.min ?? 1;
      const max = q.max ?? 10;
      return (
        <fieldset className="pp-question pp-scale" aria-describedby={describedBy}>
          {legend}
          <p className="field__hint">{t('participation.survey.scaleHint', { min, max })}</p>
          {help}
          <div className="pp-scale__row">
            {Array.from({ length: max - min + 1 }, (_, i) => min + i).map((v) => (
              <label key={v} className="pp-scale__item">
                <input type="radio" name={`${id}-${q.key}`} value={v} checked={value === v} onChange={() => onChange(v)} />
                <span>{v}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    }
    case 'ranking': {
      const list = (value as string[] | undefined) ?? [];
      return (
        <fieldset className="pp-question" aria-describedby={describedBy}>
          {legend}
          <p className="field__hint">{t('participation.survey.rankingHint')}</p>
          {help}
          {options.map((o) => {
            const pos = list.indexOf(o.key);
            return (
              <div key={o.key} className="field">
                <label htmlFor={`${id}-${o.key}`}>{pick(o.label, lng)}</label>
                <select
                  id={`${id}-${o.key}`}
                  value={pos >= 0 ? String(pos + 1) : ''}
                  onChange={(e) => {
                    const without = list.filter((k) => k !== o.key);
                    if (!e.target.value) return onChange(without);
                    const at = Math.min(Number(e.target.value) - 1, without.length);
                    onChange([...without.slice(0, at), o.key, ...without.slice(at)]);
                  }}
                >
                  <option value="">{t('participation.survey.notRanked')}</option>
                  {options.map((_, i) => (
                    <option key={i} value={i + 1}>
                      {i + 1}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      );
    }
    case 'allocation': {
      const alloc = (value as Record<string, number> | undefined) ?? {};
      const used = Object.values(alloc).reduce((s, v) => s + v, 0);
      return (
        <fieldset className="pp-question" aria-describedby={describedBy}>
          {legend}
          <p className="field__hint" aria-live="polite">
            {t('participation.survey.allocationHint', { total: q.votes, used })}
          </p>
          {help}
          {options.map((o) => (
            <div key={o.key} className="field">
              <label htmlFor={`${id}-${o.key}`}>{pick(o.label, lng)}</label>
              <input id={`${id}-${o.key}`} type="number" min={0} max={q.votes} inputMode="numeric" value={alloc[o.key] ?? 0} onChange={(e) => onChange({ ...alloc, [o.key]: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
            </div>
          ))}
        </fieldset>
      );
    }
    case 'matrix': {
      const m = (value as Record<string, string> | undefined) ?? {};
      return (
        <fieldset className="pp-question" aria-describedby={describedBy}>
          {legend}
          {help}
          {(q.rows ?? []).map((r) => (
            <fieldset key={r.key} className="pp-matrix-row">
              <legend>{pick(r.label, lng)}</legend>
              {options.map((o) => (
                <label key={o.key} className="pp-choice pp-choice--inline">
                  <input type="radio" name={`${id}-${q.key}-${r.key}`} checked={m[r.key] === o.key} onChange={() => onChange({ ...m, [r.key]: o.key })} /> {pick(o.label, lng)}
                </label>
              ))}
            </fieldset>
          ))}
        </fieldset>
      );
    }
    default:
      return (
        <div className={`field${error ? ' field--error' : ''}`}>
          <label htmlFor={`${id}-text`}>
            {pick(q.title, lng)}
            {q.required ? <span className="pp-required"> ({t('participation.survey.required')})</span> : null}
          </label>
          {help}
          {q.type === 'long_text' ? (
            <textarea id={`${id}-text`} rows={5} maxLength={TEXT_LIMITS.answerLongText} value={(value as string | undefined) ?? ''} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value || undefined)} />
          ) : (
            <input id={`${id}-text`} type="text" maxLength={TEXT_LIMITS.answerShortText} value={(value as string | undefined) ?? ''} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value || undefined)} />
          )}
        </div>
      );
  }
}

/** Whether a question is shown, given the answers so far (the server applies the same rule). */
export function isShown(q: Question, answers: Record<string, AnswerValue>): boolean {
  if (!q.showIf) return true;
  const a = answers[q.showIf.question];
  return Array.isArray(a) ? a.includes(q.showIf.equals) : a === q.showIf.equals;
}

/** Whether a respondent attribute is asked, given the attributes answered so far (the server applies the same rule). */
export function isAttributeShown(a: RespondentAttribute, profile: Record<string, string>): boolean {
  return !a.showIf || profile[a.showIf.attribute] === a.showIf.equals;
}

/**
 * One question about the person answering ("Your neighbourhood", "I answer as"): radio buttons for a short
 * list, a drop-down for a long one (neighbourhoods), with help text and the server's error.
 */
export function AttributeInput({ attribute: a, value, onChange, error }: { attribute: RespondentAttribute; value: string | undefined; onChange(v: string | undefined): void; error?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const id = useId();
  const helpId = a.help ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [helpId, errId].filter(Boolean).join(' ') || undefined;
  const title = (
    <>
      {pick(a.label, lng)}
      {a.required ? <span className="pp-required"> ({t('participation.survey.required')})</span> : null}
    </>
  );
  const extra = <HelpAndError help={a.help ? pick(a.help, lng) : undefined} helpId={helpId} error={error} errId={errId} />;
  if (a.options.length > 6)
    return (
      <div className={`field${error ? ' field--error' : ''}`}>
        <label htmlFor={`${id}-select`}>{title}</label>
        {extra}
        <select id={`${id}-select`} value={value ?? ''} aria-describedby={describedBy} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('participation.answerForm.notSaid')}</option>
          {a.options.map((o) => (
            <option key={o.key} value={o.key}>
              {pick(o.label, lng)}
            </option>
          ))}
        </select>
      </div>
    );
  return (
    <fieldset className="pp-question" aria-describedby={describedBy}>
      <legend>{title}</legend>
      {extra}
      {a.options.map((o) => (
        <label key={o.key} className="pp-choice">
          <input type="radio" name={`${id}-${a.key}`} value={o.key} checked={value === o.key} onChange={() => onChange(o.key)} /> {pick(o.label, lng)}
        </label>
      ))}
      {!a.required && value ? (
        <button type="button" className="link-button" onClick={() => onChange(undefined)}>
          {t('participation.answerForm.clear')}
        </button>
      ) : null}
    </fieldset>
  );
}

/** A question's help text and its error, with the ids its inputs point to (aria-describedby). */
function HelpAndError({ help, helpId, error, errId }: { help: string | undefined; helpId: string | undefined; error: string | undefined; errId: string | undefined }) {
  return (
    <>
      {help ? (
        <p className="field__hint" id={helpId}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errId}>
          {error}
        </p>
      ) : null}
    </>
  );
}
