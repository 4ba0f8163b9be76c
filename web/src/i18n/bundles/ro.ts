import core from '../ro.json';
import { withModules } from './merge';

export default withModules(core, import.meta.glob<Record<string, unknown>>('../../modules/*/i18n/ro.json', { eager: true, import: 'default' }));
