/**
 * The architecture rules (eslint-rules/urbia.js) fire on deliberately wrong snippets and stay quiet on right
 * ones (ESLint's RuleTester), and the legacy exemptions (eslint-rules/legacy.js) only shrink.
 */
import { resolve } from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LEGACY } from '../eslint-rules/legacy.js';
import urbia from '../eslint-rules/urbia.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ROOT = resolve(import.meta.dirname, '..');
const at = (file: string) => resolve(ROOT, file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } });
const rules = urbia.rules as unknown as Record<string, Parameters<RuleTester['run']>[1]>;

tester.run('sql-in-repositories', rules['sql-in-repositories']!, {
  valid: [{ code: 'const rows = await this.repo.listOpen(tenantId);', filename: at('src/modules/x/x.service.ts') }],
  invalid: [
    { code: "await db.selectFrom('users').selectAll().execute();", filename: at('src/modules/x/x.service.ts'), errors: [{ messageId: 'query' }] },
    { code: "await trx.insertInto('t').values({ a: 1 }).execute();", filename: at('src/modules/x/x.service.ts'), errors: [{ messageId: 'query' }] },
    { code: 'await sql`select 1`.execute(db);', filename: at('src/modules/x/x.routes.ts'), errors: [{ messageId: 'sql' }] },
    { code: 'await sql<{ n: number }>`select 1 as n`.execute(db);', filename: at('src/modules/x/x.service.ts'), errors: [{ messageId: 'sql' }] },
    { code: "const q = sql.raw('select 1');", filename: at('src/modules/x/x.service.ts'), errors: [{ messageId: 'sql' }] },
  ],
});

tester.run('module-boundaries', rules['module-boundaries']!, {
  valid: [
    { code: "import { StrategyService } from '../strategy/index.js';", filename: at('src/modules/monitoring/monitoring.ts') },
    { code: "import { periodAt } from './calendar.periods.js';", filename: at('src/modules/monitoring/calendar/calendar.service.ts') },
    { code: "import { LIMITS } from '../../shared/limits.js';", filename: at('src/modules/users/users.routes.ts') },
    { code: "import { LIMITS } from '../../../src/shared/limits';", filename: at('web/src/pages/Page.tsx') },
    { code: "import { seedCategories } from '../reports/reports.demo.js';", filename: at('src/modules/console/console.routes.test.ts') },
  ],
  invalid: [
    { code: "import { StrategyRepository } from '../strategy/strategy.repository.js';", filename: at('src/modules/monitoring/monitoring.ts'), errors: [{ messageId: 'deepImport' }] },
    { code: "import { seedCategories } from '../reports/reports.demo.js';", filename: at('src/modules/console/console.service.ts'), errors: [{ messageId: 'deepImport' }] },
    { code: "export { x } from '../../strategy/strategy.service.js';", filename: at('src/modules/monitoring/calendar/c.ts'), errors: [{ messageId: 'deepImport' }] },
    { code: "import type { TenantRow } from '../modules/tenants/index.js';", filename: at('src/core/http.ts'), errors: [{ messageId: 'coreImportsModule' }] },
    { code: "import { PROPERTIES } from '../../../src/modules/sensors/sensors.properties';", filename: at('web/src/pages/Page.tsx'), errors: [{ messageId: 'webImportsServer' }] },
  ],
});

tester.run('presenters-from-routes', rules['presenters-from-routes']!, {
  valid: [{ code: "import type { PublicReport } from './reports.presenter.js';", filename: at('src/modules/reports/reports.service.ts') }],
  invalid: [{ code: "import { presentReport } from './reports.presenter.js';", filename: at('src/modules/reports/reports.service.ts'), errors: [{ messageId: 'presenter' }] }],
});

tester.run('index-exports-no-repository', rules['index-exports-no-repository']!, {
  valid: [
    { code: "export { ReportsService } from './reports.service.js';", filename: at('src/modules/reports/index.ts') },
    { code: "export type { ReportRow } from './reports.repository.js';", filename: at('src/modules/reports/index.ts') },
  ],
  invalid: [
    { code: "export { ReportsRepository } from './reports.repository.js';", filename: at('src/modules/reports/index.ts'), errors: [{ messageId: 'repository' }] },
    { code: "export * from './reports.repository.js';", filename: at('src/modules/reports/index.ts'), errors: [{ messageId: 'repository' }] },
  ],
});

describe('the legacy exemptions', () => {
  it('only list files that still break their rule (fixed ones come off the list)', async () => {
    const stale: string[] = [];
    for (const [rule, files] of Object.entries(LEGACY)) {
      if (!files.length) continue;
      const eslint = new ESLint({
        cwd: ROOT,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { urbia }, rules: { [`urbia/${rule}`]: 'error' } }],
      });
      for (const result of await eslint.lintFiles(files.map(at))) {
        if (!result.messages.some((m) => m.ruleId === `urbia/${rule}`)) stale.push(`${rule}: ${result.filePath}`);
      }
    }
    expect(stale).toEqual([]);
  }, 120_000);
});
