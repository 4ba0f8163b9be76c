import type { Generated, JSONColumnType } from 'kysely';

/** How a participatory space or component's table starts (surveys, budgets, processes): key, tenant, URL slug, translatable title and description. */
interface SpaceColumns {
  id: Generated<number>;
  tenant_id: number;
  slug: string;
  title: JSONColumnType<import('./survey.logic.js').Multiloc>;
  description: JSONColumnType<import('./survey.logic.js').Multiloc>;
}

declare module '../../core/db.js' {
  interface Database {
    participation_surveys: SpaceColumns & {
      audience: Generated<'anyone' | 'users' | 'role' | 'attribute'>;
      audience_roles: Generated<string[]>;
      anonymous: Generated<boolean>;
      status: Generated<'draft' | 'open' | 'closed'>;
      reconstructed: Generated<boolean>;
      sections: JSONColumnType<import('./survey.logic.js').Section[]>;
      questions: JSONColumnType<import('./survey.logic.js').Question[]>;
      attributes: JSONColumnType<import('./survey.logic.js').RespondentAttribute[], string | undefined, string>;
      audience_attribute: JSONColumnType<import('./survey.logic.js').AudienceAttribute | null, string | null | undefined, string | null>;
      created_at: Generated<Date>;
    };
    participation_responses: {
      id: Generated<number>;
      tenant_id: number;
      survey_id: number;
      user_id: string | null;
      browser_token: string | null;
      profile: JSONColumnType<Record<string, string>>;
      answers: JSONColumnType<import('./survey.logic.js').Answers>;
      reconstructed: Generated<boolean>;
      created_at: Generated<Date>;
    };
    participation_codes: { id: Generated<number>; survey_id: number; question_key: string; label: string };
    participation_codings: { response_id: number; question_key: string; code_id: number };
    participation_budgets: SpaceColumns & {
      total: number;
      currency: Generated<string>;
      scope: Generated<string>;
      eligibility: JSONColumnType<{ verifiedEmail?: boolean; verifiedResident?: boolean; minAge?: number; maxAge?: number }>;
      voting_rule: 'threshold_percent' | 'minimum_projects' | 'selected_projects';
      threshold_percent: Generated<number>;
      min_projects: Generated<number>;
      max_projects: number | null;
      vote_type: Generated<'approval' | 'cumulative' | 'ordinal' | 'choose-1' | 'scoring'>;
      status: Generated<'draft' | 'preparing' | 'voting' | 'closed'>;
      pb_meta: JSONColumnType<Record<string, string>>;
      created_at: Generated<Date>;
    };
    participation_budget_projects: {
      id: Generated<number>;
      tenant_id: number;
      budget_id: number;
      code: string;
      title: JSONColumnType<import('./survey.logic.js').Multiloc>;
      description: JSONColumnType<import('./survey.logic.js').Multiloc>;
      cost: number;
      lat: number | null;
      lon: number | null;
      review: Generated<'proposed' | 'eligible' | 'ineligible' | 'costed' | 'ready'>;
      paper_votes: Generated<number>;
      extra: JSONColumnType<Record<string, string>>;
      /** the public reason when not eligible */
      review_reason: Generated<string | null>;
      /** staff's note on the cost estimate (costing) */
      cost_note: Generated<string | null>;
      /** the cost the proposer estimated, before costing */
      proposed_cost: Generated<number | null>;
      proposal_id: Generated<number | null>;
      reviewed_at: Generated<Date | null>;
    };
    participation_images: {
      id: string;
      tenant_id: number;
      target_type: 'proposal' | 'budget_project';
      target_id: number;
      position: number;
      file_name: string;
      width: number;
      height: number;
      created_at: Generated<Date>;
    };
    participation_ballots: {
      id: Generated<number>;
      tenant_id: number;
      budget_id: number;
      voter_key: string;
      user_id: string | null;
      checked_out_at: Date | null;
      meta: JSONColumnType<Record<string, string | number>>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    participation_ballot_items: { ballot_id: number; project_id: number; position: number; points: Generated<number> };
  }
}

declare module '../../core/db.js' {
  interface Database {
    participation_processes: SpaceColumns & {
      scope: Generated<string>;
      phases: JSONColumnType<import('./processes/processes.phases.js').Phase[]>;
      links: JSONColumnType<import('./processes/processes.phases.js').StrategyLink[]>;
      created_at: Generated<Date>;
    };
    participation_proposals: {
      id: Generated<number>;
      tenant_id: number;
      process_id: number | null;
      author_id: string | null;
      title: string;
      body: string;
      title_normalized: string;
      category: string | null;
      lat: number | null;
      lon: number | null;
      state: Generated<'published' | 'evaluating' | 'accepted' | 'rejected' | 'withdrawn'>;
      answer: JSONColumnType<import('./survey.logic.js').Multiloc> | null;
      answered_at: Date | null;
      strategy_code: string | null;
      supports_count: Generated<number>;
      created_at: Generated<Date>;
      hidden_at: Generated<Date | null>;
      hidden_reason: Generated<string | null>;
      hidden_by: Generated<string | null>;
    };
    participation_supports: { proposal_id: number; user_id: string | null; voter_key: string; created_at: Generated<Date> };
    participation_comments: {
      id: Generated<number>;
      tenant_id: number;
      target_type: 'proposal' | 'budget_project' | 'strategy_project' | 'process';
      target_id: string;
      parent_id: number | null;
      author_id: string | null;
      author_name: string | null;
      body: string;
      created_at: Generated<Date>;
      edited_at: Date | null;
      flags_count: Generated<number>;
      hidden_at: Date | null;
      hidden_reason: string | null;
      hidden_by: string | null;
    };
    participation_proposal_flags: { proposal_id: number; user_id: string; reason: string; created_at: Generated<Date>; settled_at: Date | null; decision: 'hidden' | 'dismissed' | null; settled_by: string | null };
    participation_comment_flags: { comment_id: number; user_id: string; reason: string; created_at: Generated<Date>; settled_at: Date | null; decision: 'hidden' | 'dismissed' | null; settled_by: string | null };
    participation_interests: {
      id: Generated<number>;
      tenant_id: number;
      project_code: string;
      user_id: string | null;
      name: string;
      organisation: string | null;
      email: string | null;
      role_offered: string;
      message: Generated<string>;
      contact_consent: boolean;
      created_at: Generated<Date>;
    };
  }
}
