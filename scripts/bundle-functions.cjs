#!/usr/bin/env node
// Bundles the compiled function entries (dist/src/functions/*.js, what tsc emits) into the one
// file package.json `main` names, dist/app/functions.js: a cold instance then reads and compiles
// one file instead of ~300 modules (BENCHMARKS.md, cold start). Plain JS: it is part of `build`.
//
// Left out of the bundle and required at run time from node_modules:
//  - @azure/functions-core, which the Functions host (or the local host) provides;
//  - @azure/identity and @microsoft/microsoft-graph-client, which the app imports only where it
//    calls Graph (directory sync, overage), so no exchange ever parses them.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const ENTRIES_DIR = join('dist', 'src', 'functions');
const SHIPPED = join('dist', 'app', 'functions.js');
// Loaded lazily, only where used: Graph calls, and telemetry when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
const EXTERNAL = [
  '@azure/functions-core',
  '@azure/identity',
  '@microsoft/microsoft-graph-client',
  '@azure/monitor-opentelemetry',
  '@opentelemetry/api',
  '@opentelemetry/instrumentation-undici',
];

/** The compiled entries in the order the host loads a glob's matches (sorted). */
function functionEntries(root = ROOT) {
  const dir = join(root, ENTRIES_DIR);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Writes one CommonJS bundle of every function entry to `outfile`; returns its size in bytes.
 * `external` adds to @azure/functions-core, which is never bundled.
 */
async function bundleFunctions({ outfile, external = EXTERNAL, root = ROOT }) {
  const { build } = require('esbuild');
  await build({
    stdin: {
      contents: functionEntries(root)
        .map((file) => `require(${JSON.stringify(`./${relative(root, file)}`)});`)
        .join('\n'),
      resolveDir: root,
      sourcefile: 'functions.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    external: [...new Set(['@azure/functions-core', ...external])],
    sourcemap: true,
    logLevel: 'error',
  });
  return statSync(outfile).size;
}

module.exports = { bundleFunctions, functionEntries, EXTERNAL, SHIPPED };

if (require.main === module) {
  bundleFunctions({ outfile: join(ROOT, SHIPPED) }).catch((error) => {
    process.stderr.write(`bundling the functions failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
