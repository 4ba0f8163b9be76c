import { describe, expect, it } from 'vitest';
import { everyLocale, fillIn, sameInEveryLocale, textCatalog, wordFor } from '../../core/i18n.js';
import { loads, loadsById } from './notifications.common.js';
import { noticeTemplates, Templates } from './notifications.templates.js';

describe('notice texts', () => {
  it('a notice written per field becomes the hub layout; a missing body repeats the subject', () => {
    const t = noticeTemplates({
      'x.alert': { subject: { ro: 'Alertă {p}', en: 'Alert {p}', hu: 'Riasztás {p}' } },
      'x.moved': { subject: sameInEveryLocale('{change}: {title}'), body: { ro: 'Mutat', en: 'Moved', hu: 'Áthelyezve' } },
    });
    expect(t['x.alert']).toEqual({ ro: { subject: 'Alertă {p}', body: 'Alertă {p}' }, en: { subject: 'Alert {p}', body: 'Alert {p}' }, hu: { subject: 'Riasztás {p}', body: 'Riasztás {p}' } });
    expect(t['x.moved'].hu).toEqual({ subject: '{change}: {title}', body: 'Áthelyezve' });
    const templates = new Templates();
    templates.register(t);
    expect(templates.render('x.alert', { p: { ro: 'PM10', hu: 'PM10 (hu)' } }, 'hu')).toEqual({ subject: 'Riasztás PM10 (hu)', body: 'Riasztás PM10 (hu)' });
  });

  it('the shared text helpers: per language, placeholders, vocabularies', () => {
    expect(everyLocale((l) => `x-${l}`)).toEqual({ ro: 'x-ro', en: 'x-en', hu: 'x-hu' });
    expect(fillIn('{a} and {b}', { a: 1 })).toBe('1 and ');
    expect(textCatalog({ k: { ro: 'r {n}', en: 'e {n}', hu: 'h {n}' } })('k', 'en', { n: 2 })).toBe('e 2');
    expect(wordFor({ open: { ro: 'deschisă', en: 'open', hu: 'nyitott' } }, 'open').hu).toBe('nyitott');
    expect(wordFor({}, 'odd')).toEqual({ ro: 'odd' });
  });

  it('follow checks: a read that throws is "not there"; an id that is not a number names nothing', async () => {
    expect(await loads(async () => 1)).toBe(true);
    expect(await loads(async () => Promise.reject(new Error('not found')))).toBe(false);
    let asked = 0;
    expect(await loadsById('12', async (n) => (asked = n))).toBe(true);
    expect(asked).toBe(12);
    expect(await loadsById('12a', async () => 1)).toBe(false);
    expect(await loadsById('1234567890', async () => 1)).toBe(false);
  });
});
