import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';

const T = '/api/v1/tenants/timisoara';
const Q = `${T}/moderation`;

describe.each(testEngines())('the moderation queue for flagged comments on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let otherStaff: TestUser;
  let ana: TestUser;
  let ion: TestUser;
  let on: string;
  const post = async (body: string) => (await t.app.inject({ method: 'POST', url: `${T}/comments`, headers: ana.headers, payload: { on, body } })).json().id as number;
  const flag = (id: number, who: TestUser, reason: string) => t.app.inject({ method: 'POST', url: `${T}/comments/${id}/flags`, headers: who.headers, payload: { reason } });
  const queue = async (status = 'open') => (await t.app.inject({ method: 'GET', url: `${Q}?status=${status}`, headers: { cookie: staff.cookie } })).json();
  const flaggedCount = async () => (await t.app.inject({ method: 'GET', url: `${T}/console`, headers: { cookie: staff.cookie } })).json().counters.find((c: { module: string; key: string }) => c.module === 'participation' && c.key === 'flaggedComments').count as number;
  const audit = (id: number) => t.database.db.selectFrom('core_audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'participation_comment').where('entity_id', '=', String(id)).orderBy('id').execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    staff = await buildUser(t, { timisoara: ['staff'] });
    otherStaff = await buildUser(t, { 'baia-mare': ['staff'] });
    ana = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ana' });
    ion = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ion' });
    const p = await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: ana.headers, payload: { title: 'Copaci pe strada Mărășești', body: 'Plantarea de copaci pe toată strada.' } });
    on = `proposal:${p.json().id}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('who may see and decide: 401, 403 for citizens and for staff of another city, 400 naming the field', async () => {
    const id = await post('Un comentariu oarecare.');
    expect((await t.app.inject({ method: 'GET', url: Q })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: Q, headers: { cookie: ana.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: Q, headers: { cookie: otherStaff.cookie } })).statusCode).toBe(403);
    const badStatus = await t.app.inject({ method: 'GET', url: `${Q}?status=everything`, headers: { cookie: staff.cookie } });
    expect(badStatus.statusCode).toBe(400);
    expect(problem(badStatus).errors?.map((e) => e.field)).toEqual(['query.status']);
    for (const action of ['hide', 'restore', 'dismiss']) {
      const url = `${Q}/comments/${id}/${action}`;
      const payload = action === 'hide' ? { reason: 'Limbaj nepotrivit' } : undefined;
      expect((await t.app.inject({ method: 'POST', url, payload })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url, headers: ion.headers, payload })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url, headers: otherStaff.headers, payload })).statusCode).toBe(403);
    }
    const short = await t.app.inject({ method: 'POST', url: `${Q}/comments/${id}/hide`, headers: staff.headers, payload: { reason: 'x' } });
    expect(short.statusCode).toBe(400);
    expect(problem(short).errors?.map((e) => e.field)).toEqual(['reason']);
    expect((await t.app.inject({ method: 'POST', url: `${Q}/comments/999999/hide`, headers: staff.headers, payload: { reason: 'Limbaj nepotrivit' } })).statusCode).toBe(404);
    expect(await audit(id)).toEqual([]);
  });

  it('lists flagged comments with every reason (never who flagged); hide, restore and dismiss settle them, each audited', async () => {
    const rude = await post('Ești un idiot.');
    const fine = await post('Ar trebui și bănci.');
    const start = await flaggedCount();
    expect((await flag(rude, ion, 'Insultă')).statusCode).toBe(204);
    expect((await flag(rude, staff, 'Limbaj jignitor')).statusCode).toBe(204);
    expect((await flag(fine, ion, 'Nu-mi place')).statusCode).toBe(204);
    expect(await flaggedCount()).toBe(start + 2);

    const open = await queue();
    const item = open.items.find((i: { id: number }) => i.id === rude);
    expect(item).toMatchObject({ kind: 'comment', on, author: 'Ana', body: 'Ești un idiot.', hidden: false, openFlags: 2 });
    expect(item.flags.map((f: { reason: string }) => f.reason).sort()).toEqual(['Insultă', 'Limbaj jignitor']);
    expect(JSON.stringify(open)).not.toContain(ion.id);

    // hide: public sees the reason, the queue moves it to "hidden", the count drops
    expect((await t.app.inject({ method: 'POST', url: `${Q}/comments/${rude}/hide`, headers: staff.headers, payload: { reason: 'Insulte personale' } })).statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: `${Q}/comments/${rude}/hide`, headers: staff.headers, payload: { reason: 'Insulte personale' } });
    expect(problem(again).code).toBe('already_hidden');
    const pub = (await t.app.inject({ method: 'GET', url: `${T}/comments?on=${on}` })).json().items.find((c: { id: number }) => c.id === rude);
    expect(pub).toMatchObject({ hidden: true, body: null, hiddenReason: 'Insulte personale' });
    expect((await queue()).items.map((i: { id: number }) => i.id)).not.toContain(rude);
    const hidden = (await queue('hidden')).items.find((i: { id: number }) => i.id === rude);
    expect(hidden).toMatchObject({ hidden: true, hiddenReason: 'Insulte personale', openFlags: 0 });
    expect(hidden.flags.map((f: { decision: string }) => f.decision)).toEqual(['hidden', 'hidden']);
    expect(await flaggedCount()).toBe(start + 1);

    // restore: shown again, and it does not come back to the queue (its flags are settled)
    expect((await t.app.inject({ method: 'POST', url: `${Q}/comments/${rude}/restore`, headers: staff.headers })).statusCode).toBe(204);
    expect(problem(await t.app.inject({ method: 'POST', url: `${Q}/comments/${rude}/restore`, headers: staff.headers })).code).toBe('not_hidden');
    expect((await t.app.inject({ method: 'GET', url: `${T}/comments?on=${on}` })).json().items.find((c: { id: number }) => c.id === rude)).toMatchObject({ hidden: false, body: 'Ești un idiot.' });
    expect((await queue()).items.map((i: { id: number }) => i.id)).not.toContain(rude);

    // dismiss: the comment stays, the flags are settled; a second dismiss has nothing to settle
    expect((await t.app.inject({ method: 'POST', url: `${Q}/comments/${fine}/dismiss`, headers: staff.headers })).statusCode).toBe(204);
    const twice = await t.app.inject({ method: 'POST', url: `${Q}/comments/${fine}/dismiss`, headers: staff.headers });
    expect(twice.statusCode).toBe(409);
    expect(problem(twice).code).toBe('no_open_flags');
    expect((await queue()).items.map((i: { id: number }) => i.id)).not.toContain(fine);
    expect(await flaggedCount()).toBe(start);
    // a new flag after a dismissal opens it again
    expect((await flag(fine, ana, 'Mă răzgândesc')).statusCode).toBe(204);
    expect((await queue()).items.find((i: { id: number }) => i.id === fine)).toMatchObject({ openFlags: 1 });

    expect((await audit(rude)).map((a) => a.action)).toEqual(['participation.comment.hidden', 'participation.comment.restored']);
    expect((await audit(rude))[0]).toMatchObject({ before: { body: 'Ești un idiot.' }, after: { reason: 'Insulte personale', flagsSettled: 2 } });
    expect((await audit(fine)).map((a) => a.action)).toEqual(['participation.comment.flagsDismissed']);
  });

  it('proposals too: a citizen reports one (once; 401, 400 naming the field, 404 for none); staff hide it — it leaves the public list, page, similar hints, supports and comments — restore it, or dismiss the reports', async () => {
    const made = await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: ana.headers, payload: { title: 'Parcare subterană în Piața Libertății', body: 'Un text care nu are ce căuta aici, cu un link de reclamă.' } });
    const pid = made.json().id as number;
    const report = (who: TestUser | undefined, reason: unknown, id = pid) => t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/flags`, headers: who?.headers ?? {}, payload: { reason } });
    expect((await report(undefined, 'Reclamă')).statusCode).toBe(401);
    const bad = await report(ion, 'x');
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field)).toEqual(['reason']);
    expect((await report(ion, 'Reclamă', 999999)).statusCode).toBe(404);
    const before = await flaggedCount();
    expect((await report(ion, 'Reclamă mascată')).statusCode).toBe(204);
    expect((await report(ion, 'Încă o dată')).statusCode).toBe(409);
    expect(await flaggedCount()).toBe(before + 1);
    const page = (who?: TestUser) => t.app.inject({ url: `${T}/proposals/${pid}`, headers: who ? { cookie: who.cookie } : {} });
    expect((await page(ion)).json().abilities.flag).toBe(true);
    expect((await page(ana)).json().abilities.flag).toBe(false); // the author does not report their own

    const item = (await queue()).items.find((i: { kind: string; id: number }) => i.kind === 'proposal' && i.id === pid);
    expect(item).toMatchObject({ kind: 'proposal', on: `proposal:${pid}`, author: 'Ana', hidden: false, openFlags: 1, flags: [{ reason: 'Reclamă mascată', decision: null }] });
    expect(item.body).toContain('Parcare subterană în Piața Libertății');
    expect(JSON.stringify(item)).not.toContain(ion.id);

    // hide: out of every public view, still there for staff; the reports are settled
    expect((await t.app.inject({ method: 'POST', url: `${Q}/proposals/${pid}/hide`, headers: ion.headers, payload: { reason: 'Reclamă' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${Q}/proposals/${pid}/hide`, headers: staff.headers, payload: { reason: 'Reclamă' } })).statusCode).toBe(204);
    const list = (await t.app.inject({ url: `${T}/proposals` })).json().items.map((p: { id: number }) => p.id);
    expect(list).not.toContain(pid);
    expect((await page()).statusCode).toBe(404);
    expect((await page(ion)).statusCode).toBe(404);
    expect((await page(staff)).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${T}/proposals/similar?q=${encodeURIComponent('Parcare subterană Piața Libertății')}` })).json().items.map((p: { id: number }) => p.id)).not.toContain(pid);
    expect((await t.app.inject({ method: 'POST', url: `${T}/proposals/${pid}/supports`, headers: ion.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `${T}/comments`, headers: ion.headers, payload: { on: `proposal:${pid}`, body: 'Și eu.' } })).statusCode).toBe(404);
    expect((await report(otherStaff, 'Tot reclamă')).statusCode).toBe(404);
    expect(await flaggedCount()).toBe(before);
    expect((await queue('hidden')).items).toContainEqual(expect.objectContaining({ kind: 'proposal', id: pid, hidden: true, hiddenReason: 'Reclamă', flags: [expect.objectContaining({ decision: 'hidden' })] }));
    const audits = await t.database.db.selectFrom('core_audit_log').select(['action', 'before']).where('entity_type', '=', 'participation_proposal').where('entity_id', '=', String(pid)).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['participation.proposal.hidden']);
    expect(JSON.stringify(audits[0]!.before)).toContain('Parcare subterană');

    // restore: public again, and not back in the queue; a second hide of a shown one is fine, a second restore a 409
    expect((await t.app.inject({ method: 'POST', url: `${Q}/proposals/${pid}/restore`, headers: staff.headers })).statusCode).toBe(204);
    expect((await page()).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `${Q}/proposals/${pid}/restore`, headers: staff.headers })).statusCode).toBe(409);
    expect((await queue()).items.some((i: { kind: string; id: number }) => i.kind === 'proposal' && i.id === pid)).toBe(false);

    // dismiss: a new report, kept; 409 when nothing is open
    expect((await report(staff, 'Nu-mi place')).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${Q}/proposals/${pid}/dismiss`, headers: staff.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${Q}/proposals/${pid}/dismiss`, headers: staff.headers })).statusCode).toBe(409);
    expect((await page()).statusCode).toBe(200);
    expect(await flaggedCount()).toBe(before);
  });
});
