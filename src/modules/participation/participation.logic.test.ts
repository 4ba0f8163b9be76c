import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equalShares, greedy, tally, type ScoreKind } from './budgets/budgets.outcome.js';
import { parsePb, PbParseError, pbNumber, writePb } from './pabulib.js';
import { checkAttributes, checkQuestions, computeResults, type RespondentAttribute, validateAnswers, validateProfile, type Question } from './survey.logic.js';
import { baiaMareQuestionnaire } from './baia-mare.seed.js';
import { timisoaraConsultation } from './timisoara.seed.js';

const PB_DIR = new URL('../../../data/participation/pabulib/', import.meta.url);
const load = (f: string) => parsePb(readFileSync(new URL(f, PB_DIR), 'utf8'));
const kindOf = (t?: string): ScoreKind => (t === 'cumulative' ? 'cumulative' : t === 'ordinal' ? 'ordinal' : 'approval');
const sorted = (a: string[]) => [...a].sort((x, y) => Number(x) - Number(y));

describe('pabulib files: tallies, greedy and equal shares on real elections', () => {
  it.each(['france_toulouse_2019_.pb', 'poland_gdansk_2020_.pb', 'poland_krakow_2022_bienczyce.pb', 'poland_wieliczka_2023.pb'])('%s: the tallies recomputed from the ballots match the published votes and scores', (f) => {
    const pb = load(f);
    expect(pb.votes.length).toBe(Number(pb.meta.num_votes));
    expect(pb.projects.length).toBe(Number(pb.meta.num_projects));
    const t = tally(pb.projects, pb.votes, kindOf(pb.meta.vote_type), pbNumber(pb.meta.max_length));
    for (const p of pb.projects) {
      if (p.fields.votes) expect(t.votes.get(p.id), `votes of ${p.id}`).toBe(Number(p.fields.votes));
      if (p.fields.score) expect(t.score.get(p.id), `score of ${p.id}`).toBe(Number(p.fields.score));
    }
  });

  it('Kraków 2022 Bieńczyce (ordinal, greedy): greedy on the recomputed scores funds exactly the published selected set', () => {
    const pb = load('poland_krakow_2022_bienczyce.pb');
    const t = tally(pb.projects, pb.votes, 'ordinal', 3);
    const winners = greedy(pb.projects, t.score, pbNumber(pb.meta.budget)!);
    expect(sorted(winners)).toEqual(sorted(pb.projects.filter((p) => p.fields.selected === '1').map((p) => p.id)));
  });

  it('Wieliczka 2023 (approval, equalshares/add1): the method of equal shares reproduces the funded set, greedy does not', () => {
    const pb = load('poland_wieliczka_2023.pb');
    const selected = sorted(pb.projects.filter((p) => p.fields.selected === '1').map((p) => p.id));
    const mes = equalShares(pb.projects, pb.votes, pbNumber(pb.meta.budget)!);
    expect(sorted(mes)).toEqual(selected);
    const g = greedy(pb.projects, tally(pb.projects, pb.votes, 'approval').votes, pbNumber(pb.meta.budget)!);
    expect(sorted(g)).not.toEqual(selected);
  });

  it('Gdańsk 2020 and Toulouse 2019 (greedy): winners stay within the budget and follow the published ranking', () => {
    for (const f of ['poland_gdansk_2020_.pb', 'france_toulouse_2019_.pb']) {
      const pb = load(f);
      const budget = pbNumber(pb.meta.budget)!;
      const published = new Map(pb.projects.map((p) => [p.id, Number(p.fields[pb.meta.vote_type === 'cumulative' ? 'votes' : 'votes'])]));
      const t = tally(pb.projects, pb.votes, kindOf(pb.meta.vote_type));
      const winners = greedy(pb.projects, t.score, budget);
      const spent = winners.reduce((s, id) => s + pb.projects.find((p) => p.id === id)!.cost, 0);
      expect(spent).toBeLessThanOrEqual(budget);
      // The first winner is the project with the highest published tally when it fits the budget.
      const top = [...pb.projects].filter((p) => p.cost <= budget).sort((a, b) => t.score.get(b.id)! - t.score.get(a.id)!)[0]!;
      expect(winners[0]).toBe(top.id);
      expect(published.size).toBe(pb.projects.length);
    }
  });

  it('writePb → parsePb keeps projects, ballots and therefore the winners', () => {
    const pb = load('poland_wieliczka_2023.pb');
    const again = parsePb(writePb(pb));
    expect(again.projects.map((p) => [p.id, p.cost])).toEqual(pb.projects.map((p) => [p.id, p.cost]));
    expect(again.votes.length).toBe(pb.votes.length);
    expect(sorted(equalShares(again.projects, again.votes, 1_000_000))).toEqual(sorted(equalShares(pb.projects, pb.votes, 1_000_000)));
    const toulouse = load('france_toulouse_2019_.pb');
    expect(parsePb(writePb(toulouse)).votes[0]!.points).toEqual(toulouse.votes[0]!.points);
  });

  it('refuses malformed files with the line at fault', () => {
    expect(() => parsePb('META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;abc\n')).toThrow(PbParseError);
    expect(() => parsePb('META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n1;2\n')).toThrow(/unknown project 2/);
    expect(() => parsePb('PROJECTS\nproject_id;cost\n1;10\n')).toThrow(/budget/);
  });
});

describe('survey answers and results', () => {
  const qs: Question[] = [
    { key: 'q1', type: 'single', required: true, title: { ro: 'Q1' }, options: [{ key: 'a', label: { ro: 'A' } }, { key: 'b', label: { ro: 'B' } }] },
    { key: 'q2', type: 'multiple', required: false, maxChoices: 2, title: { ro: 'Q2' }, options: [{ key: 'x', label: { ro: 'X' } }, { key: 'y', label: { ro: 'Y' } }, { key: 'z', label: { ro: 'Z' } }] },
    { key: 'q3', type: 'scale', required: true, title: { ro: 'Q3' } },
    { key: 'q4', type: 'allocation', votes: 5, required: false, title: { ro: 'Q4' }, options: [{ key: 'x', label: { ro: 'X' } }, { key: 'y', label: { ro: 'Y' } }] },
    { key: 'q5', type: 'long_text', required: false, title: { ro: 'Q5' }, showIf: { question: 'q1', equals: 'b' } },
    { key: 'q6', type: 'ranking', required: false, title: { ro: 'Q6' }, options: [{ key: 'x', label: { ro: 'X' } }, { key: 'y', label: { ro: 'Y' } }] },
    { key: 'q7', type: 'matrix', required: false, title: { ro: 'Q7' }, rows: [{ key: 'r1', label: { ro: 'R1' } }, { key: 'r2', label: { ro: 'R2' } }], options: [{ key: 'da', label: { ro: 'Da' } }, { key: 'nu', label: { ro: 'Nu' } }] },
  ];

  it('names every rule a bad answer breaks', () => {
    const codes = validateAnswers(qs, { q1: 'c', q2: ['x', 'y', 'z'], q3: 11, q4: { x: 2, y: 2 }, q5: 'hidden', q6: ['x', 'x'], q7: { r1: 'maybe' }, q9: 'a' }).map((e) => `${e.field}:${e.code}`);
    expect(codes.sort()).toEqual(['answers.q1:invalid_option', 'answers.q2:too_many_choices', 'answers.q3:out_of_range', 'answers.q4:allocation_sum', 'answers.q5:not_shown', 'answers.q6:duplicate_option', 'answers.q7:invalid_option', 'answers.q9:unknown_question'].sort());
    expect(validateAnswers(qs, {}).map((e) => e.code)).toEqual(['required', 'required']);
    expect(validateAnswers(qs, { q1: 'b', q3: 7, q4: { x: 5 }, q5: 'text', q6: ['y', 'x'], q7: { r1: 'da', r2: 'nu' } })).toEqual([]);
  });

  it('computes n, counts, %, means, allocation totals and ranking points', () => {
    const r = computeResults(qs, [
      { q1: 'a', q3: 4, q4: { x: 5 }, q6: ['x', 'y'] },
      { q1: 'b', q2: ['x'], q3: 9, q4: { x: 1, y: 4 }, q6: ['y'] },
      { q1: 'a', q2: ['x', 'z'], q3: 8, q7: { r1: 'da' } },
    ]);
    expect(r[0]!.options).toEqual([{ key: 'a', count: 2, pct: 66.7 }, { key: 'b', count: 1, pct: 33.3 }]);
    expect(r[1]).toMatchObject({ n: 2, total: 3 });
    expect(r[2]!.mean).toBe(7);
    expect(r[3]).toMatchObject({ n: 2, total: 10, options: [{ key: 'x', points: 6, pct: 60 }, { key: 'y', points: 4, pct: 40 }] });
    expect(r[5]!.options![0]).toMatchObject({ key: 'y', points: 3 });
    expect(r[6]!.rows![0]).toMatchObject({ key: 'r1', n: 1 });
  });
});

describe('the reconstructed Timișoara consultation', () => {
  const seed = timisoaraConsultation();
  const results = computeResults(seed.questions, seed.responses);
  const byKey = new Map(results.map((r) => [r.key, r]));

  it('has 305 valid responses and reproduces 77 % / 22 % / 1 %', () => {
    expect(seed.responses).toHaveLength(305);
    for (const r of seed.responses) expect(validateAnswers(seed.questions, r)).toEqual([]);
    expect(byKey.get('necesitate')!.options!.map((o) => Math.round(o.pct))).toEqual([77, 22, 1]);
  });

  it('reproduces the top dysfunctions as printed and 457 open answers', () => {
    expect(byKey.get('disfunctie-majora')!.options!.map((o) => Math.round(o.pct))).toEqual([22, 14, 14, 13, 11, 10, 8, 5, 3, 1]);
    expect(byKey.get('disfunctie-1')!.n + byKey.get('disfunctie-2')!.n).toBe(457);
    expect(seed.codings).toHaveLength(457);
    const clusters = [0, 1, 2, 3, 4].map((c) => Math.round((seed.codings.filter((x) => x.cluster === c).length / 457) * 1000) / 10);
    expect(clusters).toEqual([31.3, 25.6, 23.9, 11.4, 7.9]);
  });

  it('reproduces the six needs categories as printed (of 3,196 options expressed)', () => {
    const needs = byKey.get('nevoi')!;
    expect(needs.total).toBe(3196);
    expect(needs.groups!.map((g) => [g.count, g.pct])).toEqual([[812, 25.4], [524, 16.4], [509, 15.9], [478, 15], [456, 14.3], [417, 13]]);
    // Sub-needs within each category: within 0.3 points of the printed figure (the printed ones do not all add up to 100).
    const printed = [30.8, 24.8, 20, 13.7, 10.8, 40.8, 23.9, 20.8, 10.3, 4.2, 30.8, 25.5, 23.6, 20, 36, 18.8, 16.9, 15.3, 13, 39.3, 21.7, 20.8, 18.2, 48.7, 20.4, 19.7, 11.3];
    needs.options!.forEach((o, i) => expect(Math.abs(o.pctOfGroup! - printed[i]!)).toBeLessThanOrEqual(0.3));
  });

  it('reproduces the ambition scores (mean of a 1–10 scale)', () => {
    expect(['a2', 'a5', 'a7', 'a3', 'a4', 'a1', 'a6'].map((k) => byKey.get(`ambitie-${k}`)!.mean)).toEqual([9.13, 8.7, 8.6, 8.3, 8.1, 7.5, 7.1]);
  });
});

describe("the reconstructed Baia Mare citizen survey", () => {
  const seed = baiaMareQuestionnaire();
  const results = computeResults(seed.questions, seed.responses);
  const byKey = new Map(results.map((r) => [r.key, r]));

  it('has valid responses and reproduces Figures 7 and 8 as printed', () => {
    expect(seed.responses).toHaveLength(100);
    for (const r of seed.responses) expect(validateAnswers(seed.questions, r)).toEqual([]);
    expect(byKey.get('domeniu')!.options!.map((o) => o.pct)).toEqual([34, 22, 11, 11, 11, 11]);
    expect(byKey.get('inovare')!.options!.map((o) => o.pct)).toEqual([40, 20, 20, 20]);
    // the two questions are not paired answer for answer (a different spread per question)
    const pairs = new Set(seed.responses.map((r) => `${r.domeniu}|${r.inovare}`));
    expect(pairs.size).toBeGreaterThan(6);
  });
});

describe('respondent attributes and definition rules', () => {
  const ml = (ro: string) => ({ ro });
  const as: RespondentAttribute[] = [
    { key: 'ca', label: ml('Răspund ca'), required: true, options: [{ key: 'locuitor', label: ml('Locuitor') }, { key: 'org', label: ml('Organizație') }] },
    { key: 'tip', label: ml('Tipul'), required: true, showIf: { attribute: 'ca', equals: 'org' }, options: [{ key: 'ong', label: ml('ONG') }, { key: 'firma', label: ml('Firmă') }] },
  ];
  it('asks a conditional attribute only after its value, refuses values off the list and undeclared keys', () => {
    expect(validateProfile(as, { ca: 'locuitor' })).toEqual([]);
    expect(validateProfile(as, { ca: 'org' }).map((e) => [e.field, e.code])).toEqual([['profile.tip', 'required']]);
    expect(validateProfile(as, { ca: 'locuitor', tip: 'ong' }).map((e) => e.code)).toEqual(['not_shown']);
    expect(validateProfile(as, { ca: 'pensionar', nume: 'Ana' }).map((e) => [e.field, e.code])).toEqual([['profile.nume', 'unknown_attribute'], ['profile.ca', 'invalid_option']]);
    expect(validateProfile([], { anything: 'goes' })).toEqual([]);
  });
  it('keeps anonymous attributes coarse and checks conditions and the audience attribute', () => {
    const many = Array.from({ length: 4 }, (_, i) => ({ ...as[0]!, key: `a${i}` }));
    expect(checkAttributes(many, { anonymous: true }).map((e) => e.field)).toEqual(['attributes']);
    expect(checkAttributes(many, { anonymous: false })).toEqual([]);
    expect(checkAttributes([as[1]!, as[0]!], { anonymous: false }).map((e) => e.field)).toEqual(['attributes[0].showIf.attribute']);
    expect(checkAttributes(as, { anonymous: false, audienceAttribute: { key: 'ca', values: ['pensionar'] } }).map((e) => e.field)).toEqual(['audienceAttribute.values']);
  });
  it('a question condition must name an option of an earlier choice question', () => {
    const qs: Question[] = [
      { key: 'nota', type: 'scale', required: true, title: ml('Nota') },
      { key: 'de-ce', type: 'short_text', required: false, title: ml('De ce?'), showIf: { question: 'nota', equals: '3' } },
    ];
    expect(checkQuestions(qs).map((e) => e.field)).toEqual(['questions[1].showIf.equals']);
  });
});
