/** The strategy module's domain events (written to the outbox in the transaction of the change). */
export interface StrategyEventPayload {
  tenantId: number;
  code: string;
  [key: string]: unknown;
}

declare module '../../core/events.js' {
  interface EventMap {
    'strategy.document.imported': { tenantId: number; hash: string; projects: number; kpis: number };
    'strategy.pillar.created': StrategyEventPayload;
    'strategy.pillar.updated': StrategyEventPayload;
    'strategy.pillar.deleted': StrategyEventPayload;
    'strategy.objective.created': StrategyEventPayload;
    'strategy.objective.updated': StrategyEventPayload;
    'strategy.objective.deleted': StrategyEventPayload;
    'strategy.project.created': StrategyEventPayload;
    'strategy.project.updated': StrategyEventPayload;
    'strategy.project.deleted': StrategyEventPayload;
    'strategy.project.statusChanged': StrategyEventPayload & { from: string; to: string };
    'strategy.timeline.added': StrategyEventPayload;
    /** an approved progress report (monitoring module) wrote status, progress and KPI values */
    'strategy.project.progressRecorded': StrategyEventPayload & { from: string; to: string; progress: number | null; kpis: string[] };
    'strategy.kpi.created': StrategyEventPayload;
    'strategy.kpi.updated': StrategyEventPayload;
    'strategy.kpi.deleted': StrategyEventPayload;
    'strategy.measurement.recorded': StrategyEventPayload & { date: string; value: number };
    'strategy.measurements.imported': { tenantId: number; count: number; kpis: string[] };
    'strategy.revision.published': { tenantId: number; id: number; name: string };
  }
}

export {};
