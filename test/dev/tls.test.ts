import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevCa, issueServerCert, type PemPair, trustingFetch } from '../../dev/tls';

const runNode = (code: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, ['-e', code], { env, timeout: 20_000 }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });

describe('dev TLS', () => {
  let ca: PemPair;
  let server: Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    ca = await createDevCa();
    const leaf = await issueServerCert(ca);
    server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;
    dir = await mkdtemp(join(tmpdir(), 'entra-bridge-tls-'));
    await writeFile(join(dir, 'ca.pem'), ca.certPem);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a CA certificate that may sign certificates', () => {
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toContain('CN=entra-bridge local CA');
    expect(cert.checkIssued(cert)).toBe(true);
    const lifetimeDays = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(29);
    expect(lifetimeDays).toBeLessThan(32);
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('issues a server certificate for loopback names, signed by the CA', async () => {
    const leaf = await issueServerCert(ca, ['127.0.0.1', 'localhost', '::1', 'bridge.test']);
    const cert = new X509Certificate(leaf.certPem);
    const caCert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(
      'IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1, DNS:bridge.test',
    );
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
  });

  it('is trusted by a Node process started with NODE_EXTRA_CA_CERTS', async () => {
    const code = `fetch(${JSON.stringify(url)}).then(r => r.text()).then(t => console.log(t), e => { console.log(e.cause?.code ?? e.message); process.exit(3); })`;
    const trusted = await runNode(code, { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') });
    expect(trusted).toEqual({ code: 0, stdout: 'hello\n' });
    const { NODE_EXTRA_CA_CERTS: _ignored, ...withoutCa } = process.env;
    const untrusted = await runNode(code, withoutCa);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stdout).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to verify/i);
  });

  it('trustingFetch reaches the server in this process', async () => {
    const res = await trustingFetch(ca.certPem)(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
    await expect(trustingFetch((await createDevCa('other CA')).certPem)(url)).rejects.toThrow();
  });
});
