/** The maturity matrix's domain events, written to the outbox in the transaction of the change. */
export interface MaturityRoundEvent {
  tenantId: number;
  roundId: number;
  status: 'draft' | 'published';
}

declare module '../../../core/events.js' {
  interface EventMap {
    'monitoring.maturityRound.created': MaturityRoundEvent & { basedOn: number | null };
    'monitoring.maturityRound.updated': MaturityRoundEvent & { criteria: string[] };
    'monitoring.maturityRound.published': MaturityRoundEvent & { levels: Record<string, number>; previousLevels: Record<string, number> | null };
    'monitoring.maturityModel.set': { tenantId: number; source: 'strategy' | 'adopted' | 'own' | 'none'; adoptedFrom: string | null };
  }
}

export {};
