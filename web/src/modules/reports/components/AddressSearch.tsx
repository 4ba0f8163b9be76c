import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type GeocodeItem, useGeocode } from '../api/queries';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

interface Props {
  tenant: string;
  label: string;
  hint: string;
  error?: string | undefined;
  /** a suggestion was chosen: move the pin there */
  onChoose: (item: GeocodeItem) => void;
}

/**
 * "Type an address": a combobox (WAI-ARIA 1.2, list autocomplete) over the city's gazetteer. Arrow keys move
 * through the suggestions, Enter or a click chooses one (the pin moves there), Escape closes the list. The
 * text typed is sent with the report as its address either way, so a spot described in words is kept.
 */
export function AddressSearch({ tenant, label, hint, error, onChoose }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useGeocode(tenant, chosen === text ? '' : debounced);
  const items = debounced.trim().length >= 2 && chosen !== text ? (search.data ?? []) : [];
  const expanded = open && items.length > 0;
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const choose = (item: GeocodeItem) => {
    setText(item.label);
    setChosen(item.label);
    setOpen(false);
    setActive(-1);
    onChoose(item);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && items.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === 'ArrowUp' && items.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
    } else if (e.key === 'Enter' && expanded && active >= 0) {
      e.preventDefault(); // choose, do not send the form
      choose(items[active]!);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  let status = '';
  if (chosen && chosen === text) status = t('reports.form.addressChosen', { label: chosen });
  else if (debounced.trim().length >= 2 && search.isFetched && !search.isPlaceholderData) status = items.length ? t('reports.form.addressSuggestions', { count: items.length }) : t('reports.form.addressNoMatch');

  return (
    <div className={`field reports-address${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={hintId}>{hint}</p>
      {error ? <p className="field__error" id={errorId}>{error}</p> : null}
      <input
        id={id}
        name="address"
        type="text"
        role="combobox"
        autoComplete="off"
        maxLength={TEXT_LIMITS.reportAddress}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id={listId} role="listbox" aria-label={t('reports.form.addressListLabel')} className="reports-address__list" hidden={!expanded}>
        {items.map((item, i) => (
          <li
            key={`${item.label}-${i}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'reports-address__option reports-address__option--active' : 'reports-address__option'}
            // keep the focus in the input so the list does not close before the click lands
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(item)}
          >
            {item.label} <span className="reports-address__kind">{t(`reports.form.addressKind.${item.kind}`)}</span>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite">{status}</p>
    </div>
  );
}
