import type { ModuleShell } from '../registry';
import { ConsentGate } from './components/ConsentGate';

/** the consent question, on every page until it is answered */
export const shell: ModuleShell = { page: [ConsentGate] };
