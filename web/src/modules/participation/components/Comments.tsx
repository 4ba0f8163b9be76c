import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage } from '../../../components/FormMessage';
import { useComments, usePostComment } from '../api/hooks';
import type { CommentItem } from '../api/types';

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
        <textarea id={id} rows={3} maxLength={3000} value={body} onChange={(e) => setBody(e.target.value)} required />
      </div>
      <button type="submit" disabled={post.isPending || !body.trim()}>
        {t('participation.comments.post')}
      </button>
    </form>
  );
}

function One({ c }: { c: CommentItem }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="pp-comment">
      <p className="pp-comment__meta">
        <strong>{c.author ?? t('participation.comments.deletedUser')}</strong> · <time dateTime={c.createdAt}>{new Date(c.createdAt).toLocaleString(i18n.language)}</time>
        {c.edited ? ` · ${t('participation.comments.edited')}` : ''}
      </p>
      {c.hidden ? <p className="pp-comment__hidden">{t('participation.comments.hidden', { reason: c.hiddenReason })}</p> : <p>{c.body}</p>}
    </article>
  );
}

/** Comments threaded one level: replies sit under their comment. */
export function Comments({ tenant, on }: { tenant: string; on: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const list = useComments(tenant, on);
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const items = list.data ?? [];
  const top = items.filter((c) => c.parentId === null);
  return (
    <section aria-labelledby="pp-comments">
      <h2 id="pp-comments">{t('participation.comments.title', { count: items.length })}</h2>
      <ul className="pp-comments">
        {top.map((c) => (
          <li key={c.id}>
            <One c={c} />
            <ul className="pp-replies">
              {items
                .filter((r) => r.parentId === c.id)
                .map((r) => (
                  <li key={r.id}>
                    <One c={r} />
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
