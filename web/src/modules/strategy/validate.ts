/**
 * Client-side checks that mirror the API's zod schemas (src/modules/strategy/strategy.schemas.ts), so a
 * form can say what is wrong before sending; the server checks again and its field errors are shown the
 * same way. Errors are ApiError instances, so FormMessage and fieldError() treat both alike.
 */
import { ApiError, type FieldError } from '../../api/client';

export class Checks {
  readonly errors: FieldError[] = [];
  constructor(private readonly t: (key: string, o?: Record<string, unknown>) => string) {}

  required(field: string, value: string): this {
    if (!value.trim()) this.errors.push({ field, message: this.t('strategy.validate.required') });
    return this;
  }
  maxLength(field: string, value: string, max: number): this {
    if (value.length > max) this.errors.push({ field, message: this.t('strategy.validate.maxLength', { max }) });
    return this;
  }
  /** an optional number (empty is fine) within [min, max] */
  number(field: string, value: string, opts: { min?: number; max?: number; integer?: boolean; required?: boolean } = {}): this {
    if (!value.trim()) {
      if (opts.required) this.errors.push({ field, message: this.t('strategy.validate.required') });
      return this;
    }
    const n = Number(value.replace(',', '.'));
    if (!Number.isFinite(n)) this.errors.push({ field, message: this.t('strategy.validate.number') });
    else if (opts.integer && !Number.isInteger(n)) this.errors.push({ field, message: this.t('strategy.validate.integer') });
    else if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max))
      this.errors.push({ field, message: this.t('strategy.validate.range', { min: opts.min ?? '−∞', max: opts.max ?? '∞' }) });
    return this;
  }
  date(field: string, value: string, required = false): this {
    if (!value) {
      if (required) this.errors.push({ field, message: this.t('strategy.validate.required') });
    } else if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) this.errors.push({ field, message: this.t('strategy.validate.date') });
    return this;
  }
  /** throws an ApiError with every problem found, or does nothing */
  done(): void {
    if (this.errors.length) throw new ApiError(400, 'validation_failed', this.errors.map((e) => `${e.field}: ${e.message}`).join('; '), this.errors);
  }
}

/** "12,5" or "12.5" → 12.5; empty → undefined */
export function num(value: string): number | undefined {
  if (!value.trim()) return undefined;
  return Number(value.replace(',', '.'));
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
