/**
 * A progress bar in plain SVG (no chart library for a single bar). The number is always written next to
 * it, so colour is never the only carrier of meaning.
 */
export function ProgressBar({ value, label, tone = 'neutral' }: { value: number | null; label: string; tone?: 'ok' | 'warn' | 'bad' | 'neutral' }) {
  const pct = value === null ? 0 : Math.max(0, Math.min(100, value));
  const colours = { ok: '#1e6b2e', warn: '#8a5300', bad: '#a4161a', neutral: '#0b5394' };
  return (
    <div className="progress">
      <svg width="100%" height="14" role="img" aria-label={`${label}: ${value === null ? '—' : `${Math.round(pct)} %`}`} preserveAspectRatio="none" viewBox="0 0 100 14">
        <rect x="0" y="0" width="100" height="14" rx="3" fill="#e3e7ed" />
        <rect x="0" y="0" width={pct} height="14" rx="3" fill={colours[tone]} />
      </svg>
      <span className="progress__value" aria-hidden="true">
        {value === null ? '—' : `${Math.round(pct)} %`}
      </span>
    </div>
  );
}
