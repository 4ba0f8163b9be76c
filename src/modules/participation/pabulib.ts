/**
 * The pabulib `.pb` format (STANDARDS.md §9.3): `;`-separated sections META, PROJECTS and VOTES, each with a
 * header row. Parsing is tolerant (BOM, empty lines, decimal commas, `none`); writing produces what
 * pabutools' reader accepts, so our results can be audited by independent tools.
 */

export type PbVoteType = 'approval' | 'ordinal' | 'cumulative' | 'scoring' | 'choose-1';

export interface PbProject {
  id: string;
  cost: number;
  name: string;
  /** every other column, as text (votes, score, selected, category…) */
  fields: Record<string, string>;
  /** its line in the file (1-based), for error messages */
  line?: number;
}

export interface PbVote {
  voterId: string;
  /** project ids; for ordinal ballots the order is the ranking, most preferred first */
  projects: string[];
  /** points aligned with `projects` (cumulative and scoring ballots) */
  points?: number[];
  fields: Record<string, string>;
  /** its line in the file (1-based), for error messages */
  line?: number;
}

export interface PbFile {
  meta: Record<string, string>;
  projects: PbProject[];
  votes: PbVote[];
}

/** Splits one `;`-separated line, honouring double quotes. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export class PbParseError extends Error {}

/** Parses a number written with a dot or a decimal comma. */
export function pbNumber(s: string | undefined): number | undefined {
  if (s === undefined || s === '' || s.toLowerCase() === 'none') return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

/** Parses a `.pb` file; throws PbParseError with the line number on malformed input. */
export function parsePb(text: string): PbFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const meta: Record<string, string> = {};
  const projects: PbProject[] = [];
  const votes: PbVote[] = [];
  let section: 'meta' | 'projects' | 'votes' | undefined;
  let header: string[] | undefined;
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    if (!line) return;
    const upper = line.toUpperCase();
    if (upper === 'META' || upper === 'PROJECTS' || upper === 'VOTES') {
      section = upper.toLowerCase() as typeof section;
      header = undefined;
      return;
    }
    if (!section) throw new PbParseError(`line ${idx + 1}: expected META, PROJECTS or VOTES`);
    const cells = splitLine(line);
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      return;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      const v = cells[i];
      if (v !== undefined && v.toLowerCase() !== 'none') row[h] = v;
    });
    if (section === 'meta') {
      const [k, ...rest] = cells;
      if (k) meta[k.toLowerCase()] = rest.join(';');
    } else if (section === 'projects') {
      const id = row.project_id;
      const cost = pbNumber(row.cost);
      if (!id || cost === undefined || cost < 0) throw new PbParseError(`line ${idx + 1}: a project needs project_id and a cost`);
      const { project_id: _id, cost: _c, name = '', ...fields } = row;
      projects.push({ id, cost, name, fields, line: idx + 1 });
    } else {
      const voterId = row.voter_id;
      if (!voterId) throw new PbParseError(`line ${idx + 1}: a vote needs voter_id`);
      const list = (row.vote ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const { voter_id: _v, vote: _vote, points: pts, ...fields } = row;
      const v: PbVote = { voterId, projects: list, fields, line: idx + 1 };
      if (pts) {
        v.points = pts.split(',').map((s) => pbNumber(s.trim()) ?? 0);
        if (v.points.length !== list.length) throw new PbParseError(`line ${idx + 1}: points do not match the vote`);
      }
      votes.push(v);
    }
  });
  if (!projects.length) throw new PbParseError('the file has no PROJECTS section');
  if (pbNumber(meta.budget) === undefined) throw new PbParseError('META has no budget');
  const file = { meta, projects, votes };
  const problems = checkPb(file);
  if (problems.length) throw new PbParseError(problems.slice(0, 10).join('; ') + (problems.length > 10 ? `; … and ${problems.length - 10} more` : ''));
  return file;
}

/**
 * What the pabulib checker (pabulib.org's file checker, pabutools) refuses, each as "line N: reason":
 * repeated project or voter ids, a vote for an unknown project or for one project twice, ballots outside
 * META's min_length/max_length, cumulative points above max_points/max_sum_points, META num_projects /
 * num_votes that do not match the sections, a project dearer than the budget, and funded (`selected=1`)
 * projects costing more than the budget together.
 */
export function checkPb(file: PbFile): string[] {
  const { meta, projects, votes } = file;
  const out: string[] = [];
  const at = (line: number | undefined) => (line ? `line ${line}: ` : '');
  const budget = pbNumber(meta.budget) ?? Number.POSITIVE_INFINITY;
  const seenP = new Map<string, number | undefined>();
  for (const p of projects) {
    if (seenP.has(p.id)) out.push(`${at(p.line)}project_id ${p.id} is repeated (first on line ${seenP.get(p.id)})`);
    else seenP.set(p.id, p.line);
    if (p.cost > budget) out.push(`${at(p.line)}project ${p.id} costs ${p.cost}, more than the whole budget ${budget}`);
  }
  const selected = projects.filter((p) => p.fields.selected === '1');
  const spent = selected.reduce((s, p) => s + p.cost, 0);
  if (spent > budget) out.push(`the selected projects cost ${spent}, more than the budget ${budget}`);
  const numProjects = pbNumber(meta.num_projects);
  if (numProjects !== undefined && numProjects !== projects.length) out.push(`META num_projects is ${numProjects} but PROJECTS has ${projects.length}`);
  const numVotes = pbNumber(meta.num_votes);
  if (numVotes !== undefined && numVotes !== votes.length) out.push(`META num_votes is ${numVotes} but VOTES has ${votes.length}`);
  const minLen = pbNumber(meta.min_length);
  const maxLen = pbNumber(meta.max_length);
  const maxPoints = pbNumber(meta.max_points);
  const maxSum = pbNumber(meta.max_sum_points);
  const seenV = new Map<string, number | undefined>();
  for (const v of votes) {
    if (seenV.has(v.voterId)) out.push(`${at(v.line)}voter_id ${v.voterId} is repeated (first on line ${seenV.get(v.voterId)})`);
    else seenV.set(v.voterId, v.line);
    for (const p of v.projects) if (!seenP.has(p)) out.push(`${at(v.line)}voter ${v.voterId} voted for unknown project ${p}`);
    if (new Set(v.projects).size !== v.projects.length) out.push(`${at(v.line)}voter ${v.voterId} voted for the same project twice`);
    if (minLen !== undefined && v.projects.length < minLen) out.push(`${at(v.line)}voter ${v.voterId} chose ${v.projects.length} projects, fewer than min_length ${minLen}`);
    if (maxLen !== undefined && v.projects.length > maxLen) out.push(`${at(v.line)}voter ${v.voterId} chose ${v.projects.length} projects, more than max_length ${maxLen}`);
    if (v.points && maxPoints !== undefined && v.points.some((x) => x > maxPoints)) out.push(`${at(v.line)}voter ${v.voterId} gave more than max_points ${maxPoints}`);
    if (v.points && maxSum !== undefined && v.points.reduce((a, b) => a + b, 0) > maxSum) out.push(`${at(v.line)}voter ${v.voterId} gave more than max_sum_points ${maxSum}`);
  }
  return out;
}

function cell(v: string | number): string {
  const s = String(v);
  return /[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes a `.pb` file. Column order: project_id, cost, name, then the union of the projects' fields. */
export function writePb(file: PbFile): string {
  const out: string[] = ['META', 'key;value'];
  const meta = { ...file.meta, num_projects: String(file.projects.length), num_votes: String(file.votes.length) };
  for (const [k, v] of Object.entries(meta)) out.push(`${cell(k)};${cell(v)}`);
  out.push('PROJECTS');
  const pcols = [...new Set(file.projects.flatMap((p) => Object.keys(p.fields)))];
  out.push(['project_id', 'cost', 'name', ...pcols].join(';'));
  for (const p of file.projects) out.push([p.id, p.cost, p.name, ...pcols.map((c) => p.fields[c] ?? 'none')].map(cell).join(';'));
  out.push('VOTES');
  const hasPoints = file.votes.some((v) => v.points);
  const vcols = [...new Set(file.votes.flatMap((v) => Object.keys(v.fields)))];
  out.push(['voter_id', 'vote', ...(hasPoints ? ['points'] : []), ...vcols].join(';'));
  for (const v of file.votes)
    out.push([v.voterId, v.projects.join(','), ...(hasPoints ? [(v.points ?? v.projects.map(() => 1)).join(',')] : []), ...vcols.map((c) => v.fields[c] ?? 'none')].map(cell).join(';'));
  return out.join('\n') + '\n';
}
