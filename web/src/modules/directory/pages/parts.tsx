/** Small pieces the directory's pages share: a labelled select, and the "add to calendar" buttons. */
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

export function Select({ label, value, onChange, options, empty }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; empty?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AddToCalendar({ links, children }: { links: { ics: string; google: string; outlook: string }; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('directory.calendar.add')}</h2>
      <p className="dir-actions">
        <a className="button" href={links.ics} download>
          {t('directory.calendar.ics')}
        </a>
        <a className="button" href={links.google} rel="noopener noreferrer" target="_blank">
          Google
        </a>
        <a className="button" href={links.outlook} rel="noopener noreferrer" target="_blank">
          Outlook
        </a>
        {children}
      </p>
    </>
  );
}
