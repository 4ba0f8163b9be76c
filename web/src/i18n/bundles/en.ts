import core from '../en.json';
import { withModules } from './merge';

export default withModules(core, import.meta.glob<Record<string, unknown>>('../../modules/*/i18n/en.json', { eager: true, import: 'default' }));
