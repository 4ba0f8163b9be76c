// What other web modules use from participation: a project's linked processes and a city's budgets.
export { useBudgets } from './api/hooks';
export { LinkedProcesses } from './components/LinkedProcesses';
