/**
 * Evaluation rounds (issue 14): the city's public "Evaluation" page (published rounds and their HTML/PDF
 * reports; staff open a round) and a round's page (staff write findings, generate and publish; the steering
 * body records recommendations; staff answer them).
 */
import type { CitySection, ModuleRoute } from '../registry';
import { lazyPage } from '../../lazyPage';
import './evaluations.css';

const EvaluationPage = lazyPage(() => import('./pages/EvaluationPage'), 'EvaluationPage');
const EvaluationsPage = lazyPage(() => import('./pages/EvaluationsPage'), 'EvaluationsPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/evaluations', element: <EvaluationsPage /> },
  { path: '/:tenant/evaluations/:id', element: <EvaluationPage /> },
];

export const sections: CitySection[] = [{ path: 'evaluations', labelKey: 'evaluations.section.label', descriptionKey: 'evaluations.section.description', order: 62 }];
