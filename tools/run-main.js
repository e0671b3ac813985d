// `npm start`: compiles the workspace, then runs the main job from the compiled tree.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
process.stdout.write('fsmon: compiling (tsc -p tsconfig.build.json)\n');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
require('./register-dist-paths');
require(path.join(root, 'dist/tools/main-job/src/main-job.js'))
  .runMainJob()
  .then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`fsmon: ${e.stack || e.message}\n`);
      process.exit(1);
    },
  );
