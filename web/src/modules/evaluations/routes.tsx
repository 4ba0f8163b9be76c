/**
 * Evaluation rounds (issue 14): the city's public "Evaluation" page (published rounds and their HTML/PDF
 * reports; staff open a round) and a round's page (staff write findings, generate and publish; the steering
 * body records recommendations; staff answer them).
 */
import type { CitySection, ModuleRoute } from '../registry';
import { EvaluationPage } from './pages/EvaluationPage';
import { EvaluationsPage } from './pages/EvaluationsPage';
import './evaluations.css';

export const routes: ModuleRoute[] = [
  { path: '/:tenant/evaluations', element: <EvaluationsPage /> },
  { path: '/:tenant/evaluations/:id', element: <EvaluationPage /> },
];

export const sections: CitySection[] = [{ path: 'evaluations', labelKey: 'evaluations.section.label', descriptionKey: 'evaluations.section.description', order: 62 }];
