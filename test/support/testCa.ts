import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueServerCert, type PemPair } from '../../dev/tls';

/** The CA made by the global setup (trusted by every test process through NODE_EXTRA_CA_CERTS). */
export function testCa(): PemPair & { path: string } {
  const dir = process.env.TEST_CA_DIR;
  if (!dir) throw new Error('TEST_CA_DIR is not set: run the tests through vitest (global setup)');
  return {
    certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(join(dir, 'ca-key.pem'), 'utf8'),
    path: join(dir, 'ca.pem'),
  };
}

/** A server certificate for 127.0.0.1/localhost signed by the test CA. */
export const serverTls = (): Promise<PemPair> => issueServerCert(testCa());
