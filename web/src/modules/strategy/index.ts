// What other web modules use from strategy: its query keys and hooks, its types and the formatters.
export { base, strategyKeys } from './api/keys';
export { useKpis, useProject, useStrategyTree } from './api/queries';
export { PROJECT_STATUSES, type Multiloc, type ProjectStatus } from './api/types';
export { apiCode, codeSegment, formatDate, formatMoney, formatNumber } from './format';
