// participation.service.ts (cut in parallel, issue #11) still imports the budget projects from here; this line goes when its import moves to budget-projects/.
export { budgetChanges, BudgetProjectsService } from './budget-projects/budget-projects.service.js';
