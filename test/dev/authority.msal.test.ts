import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAuthority, startAuthority } from '../../dev/authority';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { createDevCa, issueServerCert, trustingFetch } from '../../dev/tls';

/**
 * Runs in a child Node process: MSAL (inside @azure/identity) uses Node's https, which reads
 * NODE_EXTRA_CA_CERTS only at process start. `disableInstanceDiscovery` is required: MSAL asks
 * https://login.microsoftonline.com/common/discovery/instance (a hard-coded host) about any authority it
 * does not know, and gives up with `endpoints_resolution_error` when that host is unreachable.
 */
const CHILD = `
const { ClientSecretCredential, DeviceCodeCredential } = require('@azure/identity');
const c = JSON.parse(process.env.AUTHORITY_TEST);
const common = { authorityHost: c.url, disableInstanceDiscovery: true };
(async () => {
  const out = {};
  const app = new ClientSecretCredential(c.tenantId, c.daemonId, c.daemonSecret, common);
  out.api = (await app.getToken('api://' + c.apiAppId + '/.default')).token;
  const graph = new ClientSecretCredential(c.tenantId, c.graphId, c.graphSecret, common);
  out.graph = (await graph.getToken('https://graph.microsoft.com/.default')).token;
  const device = new DeviceCodeCredential({
    ...common,
    tenantId: c.tenantId,
    clientId: c.cliId,
    userPromptCallback: async (info) => {
      out.message = info.message;
      const res = await fetch(info.verificationUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user_code: info.userCode, username: c.username, password: 'demo' }),
      });
      out.approval = res.status;
    },
  });
  out.user = (await device.getToken('api://' + c.apiAppId + '/access_as_user')).token;
  try {
    await new ClientSecretCredential(c.tenantId, c.daemonId, 'wrong', common).getToken('api://' + c.apiAppId + '/.default');
  } catch (e) {
    out.badSecret = e.name + ': ' + e.message;
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stdout.write(JSON.stringify({ failed: e.name + ': ' + e.message })); process.exit(1); });
`;

describe('@azure/identity against the local authority', () => {
  let authority: LocalAuthority;
  let dir: string;
  let httpsFetch: typeof fetch;

  beforeAll(async () => {
    const ca = await createDevCa();
    httpsFetch = trustingFetch(ca.certPem);
    dir = await mkdtemp(join(tmpdir(), 'entra-bridge-msal-'));
    await writeFile(join(dir, 'ca.pem'), ca.certPem);
    authority = await startAuthority({
      tls: await issueServerCert(ca),
      tenants: [structuredClone(DEMO_TENANT)],
      deviceCodeIntervalSeconds: 1,
    });
  });

  afterAll(async () => {
    await authority.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gets app-only, Graph and device-code tokens through ClientSecretCredential and DeviceCodeCredential', async () => {
    const config = {
      url: authority.url,
      tenantId: DEMO_TENANT.tenantId,
      apiAppId: DEMO_TENANT.apiAppId,
      daemonId: demoClient('daemon').appId,
      daemonSecret: demoClient('daemon').secret,
      graphId: demoClient('graph').appId,
      graphSecret: demoClient('graph').secret,
      cliId: demoClient('cli').appId,
      username: 'bob@contoso.test',
    };
    authority.stats.reset();
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', CHILD],
        {
          cwd: process.cwd(),
          timeout: 25_000,
          env: {
            ...process.env,
            NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
            AUTHORITY_TEST: JSON.stringify(config),
          },
        },
        (error, out, err) => (error ? reject(new Error(`${out}\n${err}`)) : resolve(out)),
      );
    });
    const out = JSON.parse(stdout) as Record<string, string | number>;

    const jwks = createRemoteJWKSet(new URL(`${authority.url}/${config.tenantId}/discovery/v2.0/keys`), {
      [customFetch]: httpsFetch,
    });
    const issuer = `${authority.url}/${config.tenantId}/v2.0`;
    const api = await jwtVerify(String(out.api), jwks, { issuer, audience: config.apiAppId });
    expect(api.payload).toMatchObject({
      azp: config.daemonId,
      idtyp: 'app',
      roles: ['Services', 'Tokens.Introspect'],
    });
    expect(api.payload).not.toHaveProperty('scp');

    const user = await jwtVerify(String(out.user), jwks, { issuer, audience: config.apiAppId });
    expect(user.payload).toMatchObject({ azp: config.cliId, scp: 'access_as_user', oid: demoUser('bob').id });
    expect(out.approval).toBe(200);
    expect(out.message).toContain('/common/oauth2/deviceauth');

    expect(
      JSON.parse(Buffer.from(String(out.graph).split('.')[1] ?? '', 'base64url').toString()),
    ).toMatchObject({
      aud: 'https://graph.microsoft.com',
      roles: ['GroupMember.Read.All', 'User.Read.All', 'Application.Read.All'],
    });
    expect(out.badSecret).toMatch(/AADSTS7000215/);
    expect(authority.stats.discoveryRequests).toBeGreaterThan(0);
    expect(authority.stats.tokenRequests).toBeGreaterThanOrEqual(4);
  });
});
