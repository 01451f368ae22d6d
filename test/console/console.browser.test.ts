import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { launchChromium, screenshot } from '../support/browser';
import { exchange, platformToken, withBearer } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/**
 * The admin console in a real browser against the full local stack: sign-in with the local
 * Entra authority (authorization code + PKCE), the exchange, and the admin API — the same
 * one the CLI uses.
 */
let stack: Stack;
let browser: Browser;
const carol = demoUser('carol');
const GROUP = 'campaigns';

const consoleUrl = () => `${stack.url}/api/console/`;

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(consoleUrl());
  const button = page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' });
  // Keyboard first: the sign-in starts from Enter on the focused button.
  await button.focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(consoleUrl()) && !url.search.includes('code='));
}

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startStack();
  // The directory sync runs on a timer in production; here an admin runs it once up front.
  const admin = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: demoUser('alice'), overrides: { isPlatformAdmin: 'is_admin' } }),
  );
  const sync = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
  expect(sync.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('admin console in Chromium', { timeout: 60_000 }, () => {
  let page: Page;
  /** Uncaught exceptions in the page (refused requests are the console's business, not errors). */
  const errors: string[] = [];

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterEach(async (ctx) => {
    // A failed step leaves a picture of what the browser showed.
    if (ctx.task.result?.state === 'fail') await screenshot(page, `failed-${ctx.task.name.slice(0, 40)}`);
  });

  it('signs alice in through the authority and shows the overview', async () => {
    await signIn(page, 'alice@contoso.test');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('alice@contoso.test').first().waitFor();
    await page.getByRole('button', { name: 'Run the sync now' }).click();
    await page.getByText('synced', { exact: true }).waitFor();
    await screenshot(page, 'overview');
    // The platform token is never persisted by the page.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ/);
  });

  it('creates a group and links it to an Entra group chosen by name', async () => {
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { name: 'Groups' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(GROUP);
    await page.getByLabel('Description', { exact: true }).fill('Marketing campaign readers');
    await page.getByRole('button', { name: 'Create group' }).click();
    const row = page.getByRole('row', { name: new RegExp(GROUP) });
    await row.waitFor();
    await row.getByRole('button', { name: `Link an Entra group to ${GROUP}` }).click();
    await page.getByRole('searchbox', { name: 'Find an Entra group' }).fill('Marketing');
    await page.getByRole('button', { name: `Link Marketing ${DEMO_GROUPS.marketing.id}` }).click();
    await row.getByText(DEMO_GROUPS.marketing.id).waitFor();
    await screenshot(page, 'groups');
  });

  it("shows a user's assignment, and its source, after their sign-in", async () => {
    const carolToken = await stack.authority.userToken({ user: carol });
    expect((await exchange(stack.url, carolToken)).status).toBe(200);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Carol Nogroups' }).click();
    await page.getByRole('heading', { name: 'Carol Nogroups' }).waitFor();
    const assignment = page.getByRole('row', { name: new RegExp(`^${GROUP}`) });
    await expect.poll(() => assignment.textContent()).toContain('link');
    await screenshot(page, 'user');
  });

  it('disables the user, whose next exchange is refused, and explains the refusal', async () => {
    await page.getByRole('button', { name: 'Disable user' }).click();
    await page.getByRole('button', { name: 'Enable user' }).waitFor();
    const carolToken = await stack.authority.userToken({ user: carol });
    const refused = await exchange(stack.url, carolToken);
    expect(refused.body).toMatchObject({ reason: 'user_disabled' });

    await page.getByRole('link', { name: 'Explain' }).click();
    await page.getByLabel('Entra access token, or claims as JSON').fill(carolToken);
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByText('refused', { exact: true }).waitFor();
    expect(await page.locator('.result').textContent()).toContain('user_disabled');
    await screenshot(page, 'explain');
  });

  it('lists the directory, roles and the audit log (or says it is not available)', async () => {
    await page.getByRole('link', { name: 'Directory' }).click();
    await page
      .getByRole('row', { name: /Marketing/ })
      .getByText(GROUP)
      .waitFor();
    await screenshot(page, 'directory');
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { name: 'Roles' }).waitFor();
    await screenshot(page, 'roles');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('table, .notice, [role=alert]').first().waitFor();
    await screenshot(page, 'audit');
  });

  it('refuses to delete a group users hold until told to, then deletes it', async () => {
    await page.getByRole('link', { name: 'Groups' }).click();
    const row = page.getByRole('row', { name: new RegExp(GROUP) });
    // The picker opens and closes from the keyboard.
    await row.getByRole('button', { name: `Link an Entra group to ${GROUP}` }).click();
    await page.getByRole('searchbox', { name: 'Find an Entra group' }).press('Escape');
    await expect.poll(() => page.getByRole('searchbox').count()).toBe(0);
    await row.getByRole('button', { name: `Delete ${GROUP}` }).click();
    await row.getByRole('alert').getByText('in_use').waitFor();
    await row.getByRole('button', { name: 'Delete anyway' }).click();
    await expect.poll(() => page.getByRole('row', { name: new RegExp(GROUP) }).count()).toBe(0);
  });

  it('stays usable at 200% zoom: nothing needs horizontal scrolling', async () => {
    await page.setViewportSize({ width: 640, height: 400 });
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Carol Nogroups' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'users-narrow');
    expect(errors).toEqual([]);
  });
});

describe('a non-administrator in the console', { timeout: 60_000 }, () => {
  it('shows bob that he is not an administrator, with the reason', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'bob@contoso.test');
    await page.getByRole('heading', { name: 'You are not an administrator' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('isAdmin: false');
    await screenshot(page, 'not-admin');
  });
});

describe('token renewal', { timeout: 60_000 }, () => {
  it('renews the platform token before it expires, with the refresh token and a new exchange', async () => {
    const context = await browser.newContext();
    // The page's own clock, fast-forwarded: the renewal timer fires without waiting an hour.
    await context.clock.install();
    const page = await context.newPage();
    const exchanges: string[] = [];
    const refreshes: string[] = [];
    page.on('request', (request) => {
      if (request.url() === `${stack.url}/api/token`) exchanges.push(request.url());
      if (
        request.url().endsWith('/oauth2/v2.0/token') &&
        request.postData()?.includes('grant_type=refresh_token')
      )
        refreshes.push(request.url());
    });
    await signIn(page, 'alice@contoso.test');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(exchanges).toHaveLength(1);
    await page.clock.fastForward('01:00:00');
    await expect.poll(() => exchanges.length, { timeout: 15_000 }).toBe(2);
    expect(refreshes).toHaveLength(1);
    // Still signed in, with the new token.
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('row', { name: /Analysts/ }).waitFor();
  });
});

describe('refusals and set-up', { timeout: 60_000 }, () => {
  it("shows a refused user the exchange's own reason", async () => {
    // carol was disabled above: the bridge refuses her exchange, and the console says why.
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'carol@contoso.test');
    await page.getByRole('alert').getByText('user_disabled').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('enable them on the Users page');
    await screenshot(page, 'refused');
  });

  it('serves the page and its assets with a strict CSP and the right caching', async () => {
    const index = await fetch(consoleUrl());
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${stack.authority.browserUrl}`);
    const html = await index.text();
    expect(html).not.toMatch(/<script>|<style>|https?:\/\//);
    const script = /src="(\/api\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const asset = await fetch(`${stack.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${consoleUrl()}assets/missing-AAAAAAAA.js`)).status).toBe(404);
  });

  it('says how to set it up when BRIDGE_CONSOLE_CLIENT_ID is unset', async () => {
    await stack.restartHost({ BRIDGE_CONSOLE_CLIENT_ID: undefined });
    const page = await (await browser.newContext()).newPage();
    await page.goto(consoleUrl());
    await page.getByRole('heading', { name: 'Set up the console' }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain(`${stack.url}/api/console/`);
    expect(text).toContain('BRIDGE_CONSOLE_CLIENT_ID');
    await screenshot(page, 'setup');
  });
});
