import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The outcome of a form: an error summary (focusable, announced) or a success message. */
export function FormMessage({ error, success }: { error?: unknown; success?: string | undefined }) {
  const { t } = useTranslation();
  if (success)
    return (
      <div className="notice notice--success" role="status">
        {success}
      </div>
    );
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  let message = e?.message ?? t('app.error');
  if (e?.status === 429) message = t('auth.tooMany');
  if (e?.code === 'invalid_credentials') message = t('auth.invalidCredentials');
  return (
    <div className="notice notice--error" role="alert">
      {e?.errors.length ? <p>{t('form.fixErrors')}</p> : <p>{message}</p>}
      {e?.errors.length ? (
        <ul>
          {e.errors.map((fe) => (
            <li key={fe.field}>
              {fe.field}: {fe.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}
