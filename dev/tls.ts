import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/** A certificate and its private key, both PEM: what `https.createServer({ cert, key })` takes. */
export interface PemPair {
  certPem: string;
  keyPem: string;
}

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

/** Positive serial of 16 random bytes (RFC 5280 §4.1.2.2: at most 20 octets, non-negative). */
const serialNumber = (): string => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
};

const validity = () => ({
  notBefore: new Date(Date.now() - 60_000),
  notAfter: new Date(Date.now() + 30 * DAY_MS),
});

const toPem = (der: ArrayBuffer, label: string): string => {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
};

const exportKeyPem = async (key: CryptoKey): Promise<string> =>
  toPem(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

const newKeyPair = () => crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);

/**
 * Creates a self-signed ECDSA P-256 certificate authority for the local HTTPS servers, valid for 30 days.
 * Trust it in another Node process with `NODE_EXTRA_CA_CERTS=<file holding certPem>`.
 *
 * @example
 * const ca = await createDevCa();
 * const server = await issueServerCert(ca);
 * https.createServer({ cert: server.certPem, key: server.keyPem });
 */
export async function createDevCa(commonName = 'entra-bridge local CA'): Promise<PemPair> {
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [commonName] }, { O: ['entra-bridge development'] }],
    ...validity(),
    signingAlgorithm: EC_SIGN,
    keys,
    extensions: [
      // RFC 5280 §4.2.1.9: a CA certificate must carry a critical basicConstraints with cA = true.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/**
 * Issues a TLS server certificate signed by `ca`, with every hostname as a subject alternative name
 * (IP addresses as iPAddress entries, others as dNSName: RFC 6125 — clients ignore the CN).
 */
export async function issueServerCert(
  ca: PemPair,
  hostnames: string[] = ['127.0.0.1', 'localhost', '::1'],
): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey(
    'pkcs8',
    Buffer.from(ca.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    EC_KEY,
    false,
    ['sign'],
  );
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [hostnames[0] ?? 'localhost'] }],
    issuer: caCert.subject,
    ...validity(),
    signingAlgorithm: EC_SIGN,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hostnames.map((name): x509.JsonGeneralName => ({ type: isIP(name) ? 'ip' : 'dns', value: name })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/**
 * A `fetch` that trusts `caPem` in addition to the system roots, for code in a process started without
 * `NODE_EXTRA_CA_CERTS` (Node's built-in fetch takes no `ca` option). Suits jose's `customFetch`.
 */
export function trustingFetch(caPem: string): typeof fetch {
  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init.headers);
    const body = init.body instanceof Uint8Array ? init.body : init.body ? String(init.body) : undefined;
    if (init.body instanceof URLSearchParams && !headers.has('content-type')) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          headers: outgoing,
          ca: [...rootCertificates, caPem],
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined)
                responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            const status = res.statusCode ?? 500;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: responseHeaders }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
