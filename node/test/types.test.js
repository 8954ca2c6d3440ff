'use strict';
// index.d.ts against a TypeScript program using every export as documented
// (test/types/usage.ts), type-checked with `tsc --noEmit --strict`; the
// program is never run. TypeScript is a devDependency (package-lock.json).
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const NODE_DIR = path.join(__dirname, '..');
const TSC = require.resolve('typescript/bin/tsc', { paths: [NODE_DIR] });

function tsc(...args) {
  return spawnSync(process.execPath, [TSC, '--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs',
                                      '--moduleResolution', 'node10', '--types', 'node', ...args],
                   { cwd: NODE_DIR, encoding: 'utf8' });
}

test('index.d.ts type-checks a program using every export (tsc --strict)', () => {
  const r = tsc(path.join('test', 'types', 'usage.ts'));
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test('the type check rejects a program that misuses the API', () => {
  // Without this the test above could pass with a tsc that checks nothing.
  const fs = require('node:fs');
  const os = require('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-types-'));
  const bad = path.join(dir, 'bad.ts');
  fs.writeFileSync(bad, `import { quotes } from ${JSON.stringify(NODE_DIR)};\nconst n: number = quotes(42)[0].text;\n`);
  try {
    const r = tsc(bad);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /TS2345|TS2322/);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});
