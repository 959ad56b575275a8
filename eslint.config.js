import js from '@eslint/js';
import path from 'node:path';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of docs/architecture.md §1.1, enforced: which of our folders (and, for the pure
 * core, which npm packages) each folder may import. A relative import is resolved against the
 * importing file, so `../sync/push.ts` inside `src/server` is the server's own sync folder, not
 * the client's. Static imports, re-exports and dynamic `import()` are all checked.
 */
const PURE_CORE = {
  domain: { allow: ['src/domain'], packages: ['date-fns', '@date-fns/tz'] },
  schema: { allow: ['src/domain', 'src/schema'], packages: ['zod'] },
};

/** Packages the pure core's tests may use besides its own. */
const TEST_PACKAGES = ['vitest', 'fast-check'];

const LAYER_RULES = [
  { files: ['src/domain/**'], options: PURE_CORE.domain },
  { files: ['src/schema/**'], options: PURE_CORE.schema },
  ...Object.entries(PURE_CORE).map(([folder, options]) => ({
    files: [`src/${folder}/**/*.test.ts`],
    options: { ...options, packages: [...options.packages, ...TEST_PACKAGES] },
  })),
  /** The device's words for its own failure codes: pure data, below storage. */
  { files: ['src/text/**'], options: { allow: ['src/text'], packages: [] } },
  {
    files: ['src/storage/**', 'src/sync/**'],
    options: { forbid: ['src/ui', 'src/state', 'src/pwa', 'src/server'] },
  },
  {
    files: ['src/ui/**', 'src/state/**', 'src/pwa/**', 'src/main.tsx'],
    options: { forbid: ['src/server'] },
  },
  {
    files: ['src/server/**'],
    options: { forbid: ['src/ui', 'src/state', 'src/pwa', 'src/storage', 'src/sync'] },
  },
];

/** `src/domain` for `src/domain/dates.ts`, `src` for `src/main.tsx`, null outside `src`. */
function folderOf(file) {
  const parts = path.relative(import.meta.dirname, file).split(path.sep);
  if (parts[0] !== 'src') return null;
  return parts.length > 2 ? `src/${parts[1]}` : 'src';
}

/** `zod` for `zod`, `@date-fns/tz` for `@date-fns/tz/date`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const layers = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        docs: { description: 'Keeps each folder to the layers it may import.' },
        schema: [
          {
            type: 'object',
            properties: {
              allow: { type: 'array', items: { type: 'string' } },
              forbid: { type: 'array', items: { type: 'string' } },
              packages: { type: 'array', items: { type: 'string' } },
            },
            additionalProperties: false,
          },
        ],
        messages: {
          folder: '{{from}} may not import {{to}} (docs/architecture.md §1.1).',
          outside: '{{from}} may import only {{allowed}} (docs/architecture.md §1.1).',
          package: '{{from}} may not import the package {{name}}; it may use {{allowed}}.',
        },
      },
      create(context) {
        const { allow, forbid = [], packages } = context.options[0] ?? {};
        const from = folderOf(context.filename);
        const check = (source) => {
          if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
          const specifier = source.value;
          if (!specifier.startsWith('.')) {
            const name = packageOf(specifier);
            if (packages !== undefined && !packages.includes(name))
              context.report({
                node: source,
                messageId: 'package',
                data: { from, name, allowed: packages.join(', ') || 'none' },
              });
            return;
          }
          const to = folderOf(path.resolve(path.dirname(context.filename), specifier));
          if (allow !== undefined && (to === null || !allow.includes(to)))
            context.report({
              node: source,
              messageId: 'outside',
              data: { from, allowed: allow.join(', ') },
            });
          else if (to !== null && forbid.includes(to))
            context.report({ node: source, messageId: 'folder', data: { from, to } });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist', 'coverage', 'data', 'test-results', 'node_modules'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/**'],
    plugins: { layers },
  },
  ...LAYER_RULES.map(({ files, options }) => ({
    files,
    rules: { 'layers/imports': ['error', options] },
  })),
  {
    files: ['src/domain/**', 'src/schema/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code takes `now` as a parameter.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Domain code takes `now` as a parameter.',
        },
      ],
    },
  },
);
