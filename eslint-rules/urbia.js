/**
 * The architecture recipe as lint rules (docs/architecture.md, ../shared/CONVENTIONS.md), so a new file cannot
 * break it silently. tests/lint-rules.test.ts shows each rule firing on a wrong snippet (ESLint's RuleTester).
 */
import path from 'node:path';

const QUERY_METHODS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

/** the path of the file relative to the repository root, with forward slashes */
function rel(context) {
  return path.relative(context.cwd, context.filename).split(path.sep).join('/');
}

/** where an import resolves, relative to the repository root (bare package imports: null) */
function target(context, source) {
  if (!source.startsWith('.')) return null;
  return path.relative(context.cwd, path.resolve(path.dirname(context.filename), source)).split(path.sep).join('/');
}

const sqlInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL is built only in *.repository.ts (migrations, seeds, demo data and tests excepted)' },
    messages: {
      query: '`{{name}}` builds SQL: move it into a *.repository.ts method the service calls.',
      sql: 'A `sql` template builds SQL: move it into a *.repository.ts method the service calls.',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && QUERY_METHODS.has(callee.property.name)) {
          context.report({ node, messageId: 'query', data: { name: callee.property.name } });
        }
        // sql.raw(…), sql.ref(…), sql.lit(…), sql.join(…)
        if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'sql') context.report({ node, messageId: 'sql' });
      },
      TaggedTemplateExpression(node) {
        const tag = node.tag.type === 'TSInstantiationExpression' ? node.tag.expression : node.tag;
        if (tag.type === 'Identifier' && tag.name === 'sql') context.report({ node, messageId: 'sql' });
      },
    };
  },
};

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'modules meet only through index.ts; core imports no module; the web imports only src/shared from the server' },
    messages: {
      coreImportsModule: 'src/core must not import from src/modules ({{to}}): move what core needs into src/core.',
      deepImport: 'Import another module only through its index.ts ({{to}}).',
      webImportsServer: 'The web app imports nothing from src/ except src/shared/ ({{to}}).',
    },
    schema: [],
  },
  create(context) {
    const from = rel(context);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const to = target(context, source);
      if (!to) return;
      if (from.startsWith('src/core/') && to.startsWith('src/modules/')) context.report({ node, messageId: 'coreImportsModule', data: { to } });
      if (from.startsWith('web/') && to.startsWith('src/') && !to.startsWith('src/shared/')) context.report({ node, messageId: 'webImportsServer', data: { to } });
      const mine = /^src\/modules\/([^/]+)\//.exec(from);
      const theirs = /^src\/modules\/([^/]+)\/(.+)$/.exec(to);
      // a test may seed another module's demo data or use its test helpers; production code may not
      const testSeed = /\.test\.tsx?$/.test(from) && /\.(demo|test-helpers)(\.js|\.ts)?$/.test(theirs?.[2] ?? '');
      if (mine && theirs && mine[1] !== theirs[1] && !testSeed && !/^index(\.js|\.ts)?$/.test(theirs[2])) context.report({ node, messageId: 'deepImport', data: { to } });
      // the web's modules too: another module (or the app's shell) uses one through its index.ts; only the registry reaches routes.tsx
      const webMine = /^web\/src\/modules\/([^/]+)\//.exec(from);
      const webTheirs = /^web\/src\/modules\/([^/]+)\/(.+)$/.exec(to);
      if (webTheirs && webMine?.[1] !== webTheirs[1] && !/\.test\.tsx?$/.test(from) && !/^(index|routes)(\.tsx?)?$/.test(webTheirs[2])) context.report({ node, messageId: 'deepImport', data: { to } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

const presentersFromRoutes = {
  meta: {
    type: 'problem',
    docs: { description: 'presenters are called from routes only; services return domain objects' },
    messages: { presenter: 'Only *.routes.ts calls presenters ({{to}}): return domain objects from here and present them in the route.' },
    schema: [],
  },
  create(context) {
    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        const source = node.source.value;
        if (typeof source === 'string' && /\.presenter(\.js|\.ts)?$/.test(source)) context.report({ node, messageId: 'presenter', data: { to: source } });
      },
    };
  },
};

const indexExportsNoRepository = {
  meta: {
    type: 'problem',
    docs: { description: "a module's index.ts exports services and types, not repositories" },
    messages: { repository: 'index.ts exports a repository ({{name}}): other modules use the service.' },
    schema: [],
  },
  create(context) {
    const report = (node, name) => context.report({ node, messageId: 'repository', data: { name } });
    return {
      ExportNamedDeclaration(node) {
        if (!node.source || typeof node.source.value !== 'string' || !/\.repository(\.js|\.ts)?$/.test(node.source.value)) return;
        for (const s of node.specifiers) if (s.exportKind !== 'type' && node.exportKind !== 'type' && /Repository$/.test(s.exported.name ?? s.exported.value)) report(node, s.exported.name ?? s.exported.value);
      },
      ExportAllDeclaration(node) {
        if (typeof node.source.value === 'string' && /\.repository(\.js|\.ts)?$/.test(node.source.value)) report(node, '*');
      },
    };
  },
};

export default {
  meta: { name: 'urbia' },
  rules: {
    'sql-in-repositories': sqlInRepositories,
    'module-boundaries': moduleBoundaries,
    'presenters-from-routes': presentersFromRoutes,
    'index-exports-no-repository': indexExportsNoRepository,
  },
};
