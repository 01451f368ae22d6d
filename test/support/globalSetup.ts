import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AzuriteTables, startAzuriteTables } from '../../dev/azurite';
import { createDevCa } from '../../dev/tls';

/**
 * Once per `npm test`: a CA for the local authority and Graph (TLS, as MSAL and the Graph
 * client require) and one Azurite Table service. Each test stack uses its own table prefix,
 * so files do not see each other's data. The CA file is exported through
 * NODE_EXTRA_CA_CERTS, which the forked test workers and every spawned host inherit.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'entra-bridge-test-'));
  const ca = await createDevCa('entra-bridge test CA');
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  writeFileSync(join(dir, 'ca-key.pem'), ca.keyPem, { mode: 0o600 });
  const azurite: AzuriteTables = await startAzuriteTables();
  process.env.NODE_EXTRA_CA_CERTS = join(dir, 'ca.pem');
  process.env.TEST_CA_DIR = dir;
  process.env.TEST_TABLES_CONNECTION = azurite.connectionString;
  process.env.TEST_AZURITE_PORT = String(azurite.port);
  return async () => {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
