import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth/useMe';
import { useCan } from '../../../api/auth/useCan';
import { FormMessage } from '../../../components/FormMessage';
import { useCommentAction, useComments, usePostComment } from '../api/hooks';
import type { CommentItem } from '../api/types';
import { TEXT_LIMITS } from '../../../../../src/shared/limits';

function CommentForm({ tenant, on, parentId, label, onDone }: { tenant: string; on: string; parentId?: number; label: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const post = usePostComment(tenant, on);
  const id = `pp-c-${parentId ?? 'new'}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    post.mutate({ body, ...(parentId ? { parentId } : {}) }, { onSuccess: () => { setBody(''); onDone?.(); } });
  };
  return (
    <form onSubmit={submit} className="pp-comment-form">
      <FormMessage error={post.error} />
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea id={id} rows={3} maxLength={TEXT_LIMITS.comment} value={body} onChange={(e) => setBody(e.target.value)} required />
      </div>
      <button type="submit" disabled={post.isPending || !body.trim()}>
        {t('participation.comments.post')}
      </button>
    </form>
  );
}

function Actions({ tenant, c, moderate, signedIn }: { tenant: string; c: CommentItem; moderate: boolean; signedIn: boolean }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'edit' | 'flag' | 'hide' | null>(null);
  const [text, setText] = useState('');
  const act = useCommentAction(tenant);
  if (c.hidden || !signedIn) return null;
  const canEdit = c.mine && Date.now() < new Date(c.editableUntil).getTime();
  const open = (m: 'edit' | 'flag' | 'hide') => {
    setMode(m);
    setText(m === 'edit' ? (c.body ?? '') : '');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode) act.mutate({ id: c.id, action: mode, text }, { onSuccess: () => setMode(null) });
  };
  const id = `pp-act-${c.id}`;
  return (
    <div className="pp-comment__actions">
      {mode ? (
        <form onSubmit={submit}>
          <FormMessage error={act.error} />
          <div className="field">
            <label htmlFor={id}>{t(`participation.comments.${mode}Label`)}</label>
            <textarea id={id} rows={mode === 'edit' ? 3 : 2} maxLength={TEXT_LIMITS.comment} value={text} onChange={(e) => setText(e.target.value)} required />
          </div>
          <button type="submit" disabled={act.isPending || !text.trim()}>
            {t('participation.comments.save')}
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setMode(null)}>
            {t('participation.comments.cancel')}
          </button>
        </form>
      ) : (
        <>
          {canEdit ? (
            <button type="button" className="link-button" onClick={() => open('edit')}>
              {t('participation.comments.edit')}
            </button>
          ) : null}
          {!c.mine ? (
            <button type="button" className="link-button" onClick={() => open('flag')}>
              {t('participation.comments.flag')}
            </button>
          ) : null}
          {moderate ? (
            <button type="button" className="link-button" onClick={() => open('hide')}>
              {t('participation.comments.hide')}
            </button>
          ) : null}
          {act.isSuccess ? <span role="status"> {t('participation.comments.done')}</span> : null}
        </>
      )}
    </div>
  );
}

function One({ c, tenant, moderate, signedIn }: { c: CommentItem; tenant: string; moderate: boolean; signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="pp-comment">
      <p className="pp-comment__meta">
        <strong>{c.author ?? t('participation.comments.deletedUser')}</strong> · <time dateTime={c.createdAt}>{new Date(c.createdAt).toLocaleString(i18n.language)}</time>
        {c.edited ? ` · ${t('participation.comments.edited')}` : ''}
      </p>
      {c.hidden ? <p className="pp-comment__hidden">{t('participation.comments.hidden', { reason: c.hiddenReason })}</p> : <p>{c.body}</p>}
      <Actions tenant={tenant} c={c} moderate={moderate} signedIn={signedIn} />
    </article>
  );
}

/** Comments threaded one level: replies sit under their comment. */
export function Comments({ tenant, on }: { tenant: string; on: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const moderate = useCan(tenant)('participation.moderate');
  const list = useComments(tenant, on);
  const signedIn = !!me.data?.authenticated;
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const items = list.data ?? [];
  const top = items.filter((c) => c.parentId === null);
  return (
    <section aria-labelledby="pp-comments">
      <h2 id="pp-comments">{t('participation.comments.title', { count: items.length })}</h2>
      <ul className="pp-comments">
        {top.map((c) => (
          <li key={c.id}>
            <One c={c} tenant={tenant} moderate={moderate} signedIn={signedIn} />
            <ul className="pp-replies">
              {items
                .filter((r) => r.parentId === c.id)
                .map((r) => (
                  <li key={r.id}>
                    <One c={r} tenant={tenant} moderate={moderate} signedIn={signedIn} />
                  </li>
                ))}
            </ul>
            {me.data?.authenticated ? (
              replyTo === c.id ? (
                <CommentForm tenant={tenant} on={on} parentId={c.id} label={t('participation.comments.reply')} onDone={() => setReplyTo(null)} />
              ) : (
                <button type="button" className="link-button" onClick={() => setReplyTo(c.id)}>
                  {t('participation.comments.reply')}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {me.data?.authenticated ? <CommentForm tenant={tenant} on={on} label={t('participation.comments.yours')} /> : <p>{t('participation.comments.signIn')}</p>}
    </section>
  );
}
