import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { type ModerationItem, type ModerationStatus, useModerate, useModerationQueue } from '../api/moderation';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

/** Where a comment is: a link to the page it was written on (budget projects have no page by id alone). */
function Target({ tenant, on }: { tenant: string; on: string }) {
  const { t } = useTranslation();
  const i = on.indexOf(':');
  const type = on.slice(0, i);
  const id = on.slice(i + 1);
  const href = type === 'proposal' ? `/${tenant}/proposals/${id}` : type === 'process' ? `/${tenant}/processes/${id}` : type === 'strategy_project' ? `/${tenant}/projects/${id}` : null;
  const label = t(`participation.moderation.on.${type}`, { id });
  return href ? <Link to={href}>{label}</Link> : <>{label}</>;
}

function Item({ tenant, item }: { tenant: string; item: ModerationItem }) {
  const { t, i18n } = useTranslation();
  const moderate = useModerate(tenant);
  const [reason, setReason] = useState('');
  const rid = useId();
  const headingId = `mod-${item.kind}-${item.id}`;
  const date = (s: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s));
  return (
    <li className="panel moderation-item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t(item.kind === 'proposal' ? 'participation.moderation.proposalBy' : 'participation.moderation.commentBy', { author: item.author ?? t('participation.moderation.anonymous') })} ·{' '}
        {item.kind === 'proposal' ? <Link to={`/${tenant}/proposals/${item.id}`}>{t('participation.moderation.proposalLink', { id: item.id })}</Link> : <Target tenant={tenant} on={item.on} />}
      </h3>
      <p className="moderation-body">{item.body}</p>
      <p className="muted">{date(item.createdAt)}</p>
      {item.hidden ? <p className="notice">{t('participation.moderation.hiddenBecause', { reason: item.hiddenReason ?? '' })}</p> : null}
      <h4>{t('participation.moderation.flags', { count: item.flags.length })}</h4>
      <ul className="moderation-flags">
        {item.flags.map((f, n) => (
          <li key={n}>
            „{f.reason}” <span className="muted">— {date(f.createdAt)}{f.decision ? ` · ${t(`participation.moderation.decision.${f.decision}`)}` : ''}</span>
          </li>
        ))}
      </ul>
      <FormMessage error={moderate.error} />
      {item.hidden ? (
        <button type="button" onClick={() => moderate.mutate({ kind: item.kind, id: item.id, action: 'restore' })} disabled={moderate.isPending} aria-describedby={headingId}>
          {t('participation.moderation.restore')}
        </button>
      ) : (
        <div className="moderation-actions">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              moderate.mutate({ kind: item.kind, id: item.id, action: 'hide', reason });
            }}
          >
            <div className="field">
              <label htmlFor={rid}>{t(item.kind === 'proposal' ? 'participation.moderation.reasonProposal' : 'participation.moderation.reason')}</label>
              <input id={rid} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={TEXT_LIMITS.moderationReason} />
            </div>
            <button type="submit" disabled={moderate.isPending} aria-describedby={headingId}>
              {t(item.kind === 'proposal' ? 'participation.moderation.hideProposal' : 'participation.moderation.hide')}
            </button>
          </form>
          {item.openFlags > 0 ? (
            <button type="button" className="button" onClick={() => moderate.mutate({ kind: item.kind, id: item.id, action: 'dismiss' })} disabled={moderate.isPending} aria-describedby={headingId}>
              {t('participation.moderation.dismiss')}
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}

/** Staff: the queue of flagged comments (open) and the hidden ones, linked from the console's counter. */
export function ModerationPage() {
  const { t } = useTranslation();
  const { tenant = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const status: ModerationStatus = params.get('status') === 'hidden' ? 'hidden' : 'open';
  const q = useModerationQueue(tenant, status);
  // someone not signed in (or not a moderator) gets the title and why they cannot see the queue, not the staff intro
  if (q.error instanceof ApiError && (q.error.status === 401 || q.error.status === 403))
    return (
      <>
        <h1>{t('participation.moderation.title')}</h1>
        <LoadError error={q.error} />
      </>
    );
  return (
    <>
      <h1>{t('participation.moderation.title')}</h1>
      <p className="lead">{t('participation.moderation.intro')}</p>
      <nav aria-label={t('participation.moderation.show')} className="tabs">
        <ul>
          {(['open', 'hidden'] as const).map((s) => (
            <li key={s}>
              <Link to={`?status=${s}`} aria-current={s === status ? 'page' : undefined} onClick={() => setParams({ status: s })}>
                {t(`participation.moderation.status.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {q.isPending ? <Loading /> : q.isError ? <LoadError onRetry={() => void q.refetch()} /> : null}
      {q.data && !q.data.items.length ? <p role="status">{t(`participation.moderation.empty.${status}`)}</p> : null}
      {q.data?.items.length ? (
        <ul className="moderation-list">
          {q.data.items.map((item) => (
            <Item key={`${item.kind}-${item.id}`} tenant={tenant} item={item} />
          ))}
        </ul>
      ) : null}
      <p>
        <Link to={`/${tenant}/admin`}>{t('participation.moderation.back')}</Link>
      </p>
    </>
  );
}
