/**
 * Outcome rules for participatory budgets: tallies from ballots, the greedy rule most cities use and the
 * method of equal shares (with the "add1" completion of equalshares.net, as Wieliczka used). Pure functions,
 * so the winners are reproducible from the ballot table by anyone.
 */

export interface OutcomeProject {
  id: string;
  cost: number;
}

export interface OutcomeBallot {
  /** chosen projects, most preferred first for ranked ballots */
  projects: string[];
  /** points per project (cumulative ballots); absent for approval ballots */
  points?: number[];
}

export type ScoreKind = 'approval' | 'cumulative' | 'ordinal';

export interface Tally {
  /** number of ballots that contain the project */
  votes: Map<string, number>;
  /** points (cumulative), positional points (ordinal: max_length − position), or = votes for approval */
  score: Map<string, number>;
}

/**
 * Counts the ballots. For ordinal ballots the score is the positional count pabulib's Polish files use:
 * with ballots of at most `maxLength` projects, the first gets maxLength points, the next one less, etc.
 */
export function tally(projects: OutcomeProject[], ballots: OutcomeBallot[], kind: ScoreKind, maxLength?: number): Tally {
  const votes = new Map(projects.map((p) => [p.id, 0]));
  const score = new Map(projects.map((p) => [p.id, 0]));
  const len = maxLength ?? Math.max(0, ...ballots.map((b) => b.projects.length));
  for (const b of ballots) {
    b.projects.forEach((p, i) => {
      votes.set(p, (votes.get(p) ?? 0) + 1);
      const s = kind === 'cumulative' ? (b.points?.[i] ?? 1) : kind === 'ordinal' ? len - i : 1;
      score.set(p, (score.get(p) ?? 0) + s);
    });
  }
  return { votes, score };
}

/**
 * Greedy by score within the budget: take projects from the highest score down, skipping any that no
 * longer fits. Ties are broken by the lower cost, then by id, so the result is deterministic.
 */
export function greedy(projects: OutcomeProject[], score: Map<string, number>, budget: number): string[] {
  const order = [...projects].sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0) || a.cost - b.cost || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const winners: string[] = [];
  let spent = 0;
  for (const p of order) {
    if ((score.get(p.id) ?? 0) <= 0) continue;
    if (spent + p.cost <= budget + 1e-9) {
      winners.push(p.id);
      spent += p.cost;
    }
  }
  return winners;
}

/** The method of equal shares for approval ballots with a fixed budget (equalshares.net reference). */
export function equalSharesFixed(projects: OutcomeProject[], approvers: Map<string, number[]>, voterCount: number, budget: number): string[] {
  const money = new Float64Array(voterCount).fill(budget / voterCount);
  const cost = new Map(projects.map((p) => [p.id, p.cost]));
  const remaining = new Map<string, number>();
  for (const p of projects) {
    const n = approvers.get(p.id)?.length ?? 0;
    if (p.cost > 0 && n > 0) remaining.set(p.id, n);
  }
  const winners: string[] = [];
  for (;;) {
    let best: string | undefined;
    let bestEff = 0;
    const sorted = [...remaining.keys()].sort((a, b) => remaining.get(b)! - remaining.get(a)!);
    for (const c of sorted) {
      const prev = remaining.get(c)!;
      if (prev < bestEff) break;
      const voters = approvers.get(c)!;
      const c_cost = cost.get(c)!;
      let behind = 0;
      for (const i of voters) behind += money[i]!;
      if (behind < c_cost) {
        remaining.delete(c);
        continue;
      }
      voters.sort((a, b) => money[a]! - money[b]!);
      let paid = 0;
      let denominator = voters.length;
      for (const i of voters) {
        const maxPayment = (c_cost - paid) / denominator;
        const eff = c_cost / maxPayment;
        if (maxPayment > money[i]!) {
          paid += money[i]!;
          denominator--;
        } else {
          remaining.set(c, eff);
          if (eff > bestEff) {
            bestEff = eff;
            best = c;
          }
          break;
        }
      }
    }
    if (best === undefined) break;
    winners.push(best);
    remaining.delete(best);
    const pay = cost.get(best)! / bestEff;
    for (const i of approvers.get(best)!) money[i] = money[i]! > pay ? money[i]! - pay : 0;
  }
  return winners;
}

/**
 * Method of equal shares with the "add1" completion: raise the virtual budget by one unit per voter while
 * the outcome still fits the real budget, then fill what is left greedily by votes (equalshares.net).
 */
export function equalShares(projects: OutcomeProject[], ballots: OutcomeBallot[], budget: number): string[] {
  const approvers = new Map<string, number[]>(projects.map((p) => [p.id, []]));
  ballots.forEach((b, i) => {
    for (const p of new Set(b.projects)) approvers.get(p)?.push(i);
  });
  const n = ballots.length;
  if (n === 0) return [];
  const costOf = (ws: string[]) => ws.reduce((s, id) => s + projects.find((p) => p.id === id)!.cost, 0);
  const run = (b: number) => equalSharesFixed(projects, new Map([...approvers].map(([k, v]) => [k, [...v]])), n, b);
  const approvedCount = projects.filter((p) => (approvers.get(p.id)?.length ?? 0) > 0 && p.cost > 0).length;
  let mes = run(budget);
  let current = costOf(mes);
  let virtual = budget;
  // Stop at the first virtual budget whose outcome no longer fits (not at the first exhaustive outcome):
  // this is what reproduces Wieliczka 2023's funded set.
  while (mes.length < approvedCount) {
    virtual += n;
    const next = run(virtual);
    const nextCost = costOf(next);
    if (nextCost > budget) break;
    mes = next;
    current = nextCost;
  }
  // Utilitarian completion with whatever budget is left.
  const votes = new Map([...approvers].map(([k, v]) => [k, v.length]));
  const rest = [...projects].filter((p) => !mes.includes(p.id)).sort((a, b) => votes.get(b.id)! - votes.get(a.id)! || a.cost - b.cost);
  for (const p of rest) {
    if (votes.get(p.id)! > 0 && current + p.cost <= budget) {
      mes.push(p.id);
      current += p.cost;
    }
  }
  return mes;
}
