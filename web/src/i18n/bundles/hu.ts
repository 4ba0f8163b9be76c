import core from '../hu.json';
import { withModules } from './merge';

export default withModules(core, import.meta.glob<Record<string, unknown>>('../../modules/*/i18n/hu.json', { eager: true, import: 'default' }));
