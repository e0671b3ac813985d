#!/usr/bin/env node
// The `fsmon` command (package.json "bin"): runs the compiled CLI from dist/ (`npm run build`),
// with the `@fsmon/*` aliases resolved inside the compiled tree.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');
const main = path.join(root, 'dist/apps/cli/src/main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(`fsmon: ${path.relative(process.cwd(), main) || main} is missing; build first: npm run build (in ${root})\n`);
  process.exit(69); // EX_UNAVAILABLE
}
require(path.join(root, 'tools/register-dist-paths.js'));
require(main).main();
