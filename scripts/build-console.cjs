#!/usr/bin/env node
// Builds the admin console (src/console, Preact) into dist/console/: content-hashed JS and CSS
// under assets/ and an index.html that loads them. esbuild is the bundler the functions already
// use, so the console adds no build tool. Everything is served by the Functions app itself; the
// page loads nothing from any other origin. Plain JS: it is part of `build`.
'use strict';
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'dist', 'console');
const BASE = '/api/console/';

async function buildConsole() {
  const { build } = require('esbuild');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { console: join(ROOT, 'src', 'console', 'main.tsx') },
    bundle: true,
    format: 'esm',
    target: ['chrome120', 'firefox120', 'safari16'],
    outdir: join(OUT, 'assets'),
    entryNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((f) => f.endsWith('.js'));
  const style = outputs.find((f) => f.endsWith('.css'));
  if (!script || !style) throw new Error(`console build wrote ${outputs.join(', ')}`);
  writeFileSync(
    join(OUT, 'index.html'),
    [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<title>entra-bridge console</title>',
      '<link rel="icon" href="data:,">',
      `<link rel="stylesheet" href="${BASE}assets/${style}">`,
      `<script type="module" src="${BASE}assets/${script}"></script>`,
      '</head>',
      '<body><div id="app"></div><noscript>The console needs JavaScript.</noscript></body>',
      '</html>',
      '',
    ].join('\n'),
  );
}

module.exports = { buildConsole };

if (require.main === module) {
  buildConsole().catch((error) => {
    process.stderr.write(`building the console failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
