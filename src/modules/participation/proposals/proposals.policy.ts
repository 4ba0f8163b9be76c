import type { ProposalRow } from './proposals.repository.js';

/** What a visitor may do with a proposal; sent to the client as `abilities`. */
export function proposalAbilities(p: ProposalRow, me: string | undefined, staff: boolean, supported: boolean) {
  return {
    support: !!me && !supported && me !== p.author_id && (p.state === 'published' || p.state === 'evaluating'),
    answer: staff && p.state !== 'withdrawn',
    convert: staff && p.state === 'accepted' && !p.strategy_code,
    withdraw: !!me && me === p.author_id && (p.state === 'published' || p.state === 'evaluating'),
    edit: !!me && me === p.author_id && p.state === 'published',
    flag: !!me && me !== p.author_id && !p.hidden_at && p.state !== 'withdrawn',
  };
}
