/** A person's own rows in participation, for their data export (read in the export's transaction). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import { readAll, type Storage } from '../../core/storage.js';
import type { PersonalDataPart } from '../module.js';
import './participation.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function participationPersonalData(trx: Q, userId: string, storage: Storage): Promise<PersonalDataPart> {
  const proposals = await trx
    .selectFrom('participation_proposals as p')
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .select(['p.id', 't.slug as tenant', 'p.title', 'p.body', 'p.category', 'p.lat', 'p.lon', 'p.state', 'p.answer', 'p.answered_at', 'p.strategy_code', 'p.created_at'])
    .where('p.author_id', '=', userId)
    .orderBy('p.created_at')
    .execute();
  const proposalIds = proposals.map((p) => p.id);
  const images = proposalIds.length
    ? await trx.selectFrom('participation_images').select(['id', 'target_id', 'file_name']).where('target_type', '=', 'proposal').where('target_id', 'in', proposalIds).orderBy('position').execute()
    : [];
  const comments = await trx.selectFrom('participation_comments').select(['id', 'target_type', 'target_id', 'parent_id', 'body', 'created_at', 'edited_at', 'hidden_at', 'hidden_reason']).where('author_id', '=', userId).orderBy('created_at').execute();
  const supports = await trx.selectFrom('participation_supports').select(['proposal_id', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const surveyAnswers = await trx.selectFrom('participation_responses').select(['id', 'survey_id', 'profile', 'answers', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const ballots = await trx.selectFrom('participation_ballots').select(['id', 'budget_id', 'checked_out_at', 'created_at', 'updated_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const items = ballots.length
    ? await trx
        .selectFrom('participation_ballot_items')
        .select(['ballot_id', 'project_id', 'position', 'points'])
        .where(
          'ballot_id',
          'in',
          ballots.map((b) => b.id),
        )
        .orderBy('position')
        .execute()
    : [];
  const interests = await trx.selectFrom('participation_interests').select(['project_code', 'name', 'organisation', 'email', 'role_offered', 'message', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const flags = await trx.selectFrom('participation_comment_flags').select(['comment_id', 'reason', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  const fileOf = (i: (typeof images)[number]) => `images/proposal-${i.target_id}-${i.id}.jpg`;
  return {
    name: 'participation',
    data: {
      proposals: proposals.map((p) => ({ ...p, images: images.filter((i) => i.target_id === p.id).map(fileOf) })),
      comments,
      supports,
      surveyAnswers,
      ballots: ballots.map((b) => ({ ...b, items: items.filter((i) => i.ballot_id === b.id).map(({ ballot_id: _b, ...i }) => i) })),
      interests,
      commentFlags: flags,
    },
    files: images.map((i) => ({ name: fileOf(i), read: () => readAll(storage, `uploads/participation/${i.file_name}`, 'picture') })),
  };
}
