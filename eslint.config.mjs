// Lint is where the architecture is enforced: Nx module boundaries (type:* and scope:* tags) and
// one owner per external system. Every constraint says why in its comment.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const owners = {
  koffi: 'libs/shared/ffi', // the only code that crosses into C (libc, librdkafka)
  kafkajs: 'libs/shared/kafka', // the only Kafka client owner
  ioredis: 'libs/shared/redis', // the only Redis client owner
};

// no-restricted-imports for a file: every owned package except its owner's, and @fsmon/testing in
// production code (test helpers start real infrastructure and must never ship).
const restrictImports = ({ owner = null, production }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [
        ...Object.entries(owners)
          .filter(([pkg]) => pkg !== owner)
          .map(([name, dir]) => ({ name, message: `${name} is owned by ${dir}: use its API instead.` })),
        ...(production ? [{ name: '@fsmon/testing', message: 'Test helpers are for *.spec.ts and test/ only.' }] : []),
      ],
    },
  ],
});
const productionFiles = ['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts', 'libs/**/src/**/*.js'];
const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', 'apps/*/test/**', 'libs/**/test/**', 'libs/shared/testing/**', 'apps/pipeline-e2e/**'];

// Module boundaries. In test files (testFiles) every lib kind may also use the test helpers; that
// they never reach production code is enforced by no-restricted-imports below.
const boundaries = ({ tests }) => {
  const withTesting = (tags) => (tests ? [...tags, 'type:testing'] : tags);
  return {
    '@nx/enforce-module-boundaries': [
      'error',
      {
        enforceBuildableLibDependency: true,
        allow: [],
        depConstraints: [
            // Apps compose; they may use any kind of lib (test helpers in test files only).
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: withTesting(['type:adapter', 'type:native-binding', 'type:domain', 'type:contracts', 'type:util']) },
            // Adapters wrap one external system; they speak contracts, never domain logic.
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: withTesting(['type:adapter', 'type:native-binding', 'type:contracts', 'type:util']) },
            // Native bindings know the kernel and C ABIs, nothing of the pipeline.
            { sourceTag: 'type:native-binding', onlyDependOnLibsWithTags: withTesting(['type:native-binding', 'type:util']) },
            // Domain logic is pure: no framework, no I/O clients.
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: withTesting(['type:domain', 'type:contracts', 'type:util']),
              bannedExternalImports: ['@nestjs/*', 'kafkajs', 'ioredis', 'koffi', 'prom-client', 'pino'],
            },
            // The wire language depends on nothing but its validator.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: ['@nestjs/*', 'kafkajs', 'ioredis', 'koffi'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // Test helpers may start real infrastructure; only spec files import them (see below).
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:adapter', 'type:native-binding', 'type:domain', 'type:contracts', 'type:util'] },
            // Black-box tests talk to the apps over Kafka and HTTP only.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing', 'type:util', 'type:adapter'] },
            // Each app's libs stay in its scope; shared libs depend on shared libs only.
            { sourceTag: 'scope:collector', onlyDependOnLibsWithTags: ['scope:collector', 'scope:shared'] },
            { sourceTag: 'scope:aggregator', onlyDependOnLibsWithTags: ['scope:aggregator', 'scope:shared'] },
            { sourceTag: 'scope:policy', onlyDependOnLibsWithTags: ['scope:policy', 'scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The launcher starts infrastructure and apps as processes; it imports shared libs only.
            { sourceTag: 'scope:launcher', onlyDependOnLibsWithTags: ['scope:shared'] },
      // The fsmon CLI talks to the admin API and the reports topic; it imports shared libs only.
      { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        ],
      },
    ],
  };
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'tmp', 'bench/.out', 'native/**/build'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['**/*.ts', '**/*.js'], ignores: ['**/jest.config.js'], rules: boundaries({ tests: false }) },
  { files: testFiles, ignores: ['**/jest.config.js'], rules: boundaries({ tests: true }) },
  // One owner per external system; test helpers stay out of production code.
  { files: ['**/*.ts', '**/*.js'], rules: restrictImports({ production: false }) },
  { files: productionFiles, ignores: testFiles, rules: restrictImports({ production: true }) },
  ...Object.entries(owners).flatMap(([pkg, dir]) => [
    { files: [`${dir}/**`], rules: restrictImports({ owner: pkg, production: false }) },
    { files: [`${dir}/src/**`], ignores: testFiles, rules: restrictImports({ owner: pkg, production: true }) },
  ]),
  { ...tseslint.configs.disableTypeChecked, files: ["**/*.js", "**/*.mjs", "**/*.cjs"] },
];
