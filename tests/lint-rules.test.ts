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
import { ROUTES_FUNCTION_SIZE, SERVICE_SIZE } from '../eslint-rules/sizes.js';

const SIZE_RULES: Record<string, object> = { 'max-lines': SERVICE_SIZE, 'max-lines-per-function': ROUTES_FUNCTION_SIZE };

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
    { code: "import { FollowButton } from '../../notifications';", filename: at('web/src/modules/sensors/pages/SensorPage.tsx') },
    { code: "import { InboxLink } from '../modules/notifications';", filename: at('web/src/components/Layout.tsx') },
    { code: "import { useSensor } from '../api/queries';", filename: at('web/src/modules/sensors/pages/SensorPage.tsx') },
  ],
  invalid: [
    { code: "import { StrategyRepository } from '../strategy/strategy.repository.js';", filename: at('src/modules/monitoring/monitoring.ts'), errors: [{ messageId: 'deepImport' }] },
    { code: "import { seedCategories } from '../reports/reports.demo.js';", filename: at('src/modules/console/console.service.ts'), errors: [{ messageId: 'deepImport' }] },
    { code: "export { x } from '../../strategy/strategy.service.js';", filename: at('src/modules/monitoring/calendar/c.ts'), errors: [{ messageId: 'deepImport' }] },
    { code: "import type { TenantRow } from '../modules/tenants/index.js';", filename: at('src/core/http.ts'), errors: [{ messageId: 'coreImportsModule' }] },
    { code: "import { PROPERTIES } from '../../../src/modules/sensors/sensors.properties';", filename: at('web/src/pages/Page.tsx'), errors: [{ messageId: 'webImportsServer' }] },
    { code: "import { FollowButton } from '../../notifications/components/FollowButton';", filename: at('web/src/modules/sensors/pages/SensorPage.tsx'), errors: [{ messageId: 'deepImport' }] },
    { code: "import { InboxLink } from '../modules/notifications/components/InboxLink';", filename: at('web/src/components/Layout.tsx'), errors: [{ messageId: 'deepImport' }] },
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
      // the size limits are ESLint's own rules with the project's options; the others are ours
      const ruleId = rule in SIZE_RULES ? rule : `urbia/${rule}`;
      const eslint = new ESLint({
        cwd: ROOT,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { urbia }, rules: { [ruleId]: ['error', ...(rule in SIZE_RULES ? [SIZE_RULES[rule]] : [])] } }],
      });
      for (const result of await eslint.lintFiles(files.map(at))) {
        if (!result.messages.some((m) => m.ruleId === ruleId)) stale.push(`${rule}: ${result.filePath}`);
      }
    }
    expect(stale).toEqual([]);
  }, 120_000);
});

describe('the project configuration', () => {
  // Lints text as if it were a new file in the tree, through eslint.config.js itself: proves the rules are
  // switched on for the right files, not only that they work.
  const project = new ESLint({ cwd: ROOT });
  const ruleIds = async (code: string, file: string) => (await project.lintText(code, { filePath: at(file) }))[0]!.messages.map((m) => m.ruleId);
  const lines = (n: number, line: string) => Array.from({ length: n }, () => line).join('\n');

  it('refuses a service over 300 lines, but not a repository', async () => {
    const code = `export class ExampleService {\n  run(): number {\n    let n = 0;\n${lines(300, '    n += 1;')}\n    return n;\n  }\n}\n`;
    expect(await ruleIds(code, 'src/modules/example/things/things.service.ts')).toContain('max-lines');
    expect(await ruleIds(code, 'src/modules/example/things/things.repository.ts')).not.toContain('max-lines');
  });

  it('refuses a route registration function over 80 lines, not counting comments', async () => {
    const body = (n: number) => `export async function thingsRoutes(app: { get(p: string): void }): Promise<void> {\n${lines(n, "  app.get('/x');")}\n}\n`;
    expect(await ruleIds(body(85), 'src/modules/example/things/things.routes.ts')).toContain('max-lines-per-function');
    expect(await ruleIds(body(70) + lines(30, '// why'), 'src/modules/example/things/things.routes.ts')).not.toContain('max-lines-per-function');
  });

  it('refuses SQL in a service and a presenter called from a service, as a new file would write them', async () => {
    const ids = await ruleIds(
      "import { presentThing } from './things.presenter.js';\nexport const list = (db: any) => db.selectFrom('things').selectAll().execute().then(presentThing);\n",
      'src/modules/example/things/things.service.ts',
    );
    expect(ids).toEqual(expect.arrayContaining(['urbia/sql-in-repositories', 'urbia/presenters-from-routes']));
  });
});
