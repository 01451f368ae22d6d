import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { PemPair } from './tls';

/** One Application Insights envelope as the Azure Monitor exporter sends it to `/v2.1/track`. */
export interface Envelope {
  readonly name: string;
  readonly time: string;
  readonly tags?: Record<string, string>;
  readonly data?: {
    readonly baseType?: string;
    readonly baseData?: {
      readonly id?: string;
      readonly name?: string;
      readonly duration?: string;
      readonly success?: boolean;
      readonly resultCode?: string;
      readonly responseCode?: string;
      readonly data?: string;
      readonly target?: string;
      readonly type?: string;
      readonly url?: string;
      readonly properties?: Record<string, string>;
      readonly metrics?: { name: string; value: number; count?: number }[];
    };
  };
}

export interface IngestionCapture {
  /** A connection string whose ingestion endpoint is this server. */
  readonly connectionString: string;
  /** Every envelope received so far. */
  envelopes(): Envelope[];
  /** Every request body received, decompressed, as text (for "nothing personal anywhere" checks). */
  raw(): string;
  /** Waits until `found` holds over the envelopes (polled), or fails after `timeoutMs`. */
  until<T>(found: (envelopes: Envelope[]) => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * A stand-in for Application Insights' ingestion endpoint on loopback: the real exporter of
 * `@azure/monitor-opentelemetry` posts its envelopes here (`IngestionEndpoint` of the connection
 * string, https://learn.microsoft.com/azure/azure-monitor/app/connection-strings), so what a
 * test sees is exactly what would leave the instance. HTTPS, because the exporter rewrites an
 * `http://` endpoint to `https://`. Answers as the Track API does
 * (https://learn.microsoft.com/azure/azure-monitor/app/api-custom-events-metrics): 200 with
 * the accepted count.
 */
export async function startIngestionCapture(tls: PemPair): Promise<IngestionCapture> {
  const received: Envelope[] = [];
  const bodies: string[] = [];
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8');
      bodies.push(text);
      let items: Envelope[] = [];
      try {
        const parsed = JSON.parse(text) as Envelope | Envelope[];
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        items = text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Envelope);
      }
      received.push(...items);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
    envelopes: () => [...received],
    raw: () => bodies.join('\n'),
    async until(found, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = found([...received]);
        if (result !== undefined && result !== false) return result;
        if (Date.now() > deadline) throw new Error(`not exported within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
