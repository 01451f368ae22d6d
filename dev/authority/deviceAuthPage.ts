import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeviceCodeStore } from './deviceCodeStore';
import { escapeHtml, readBody, sendHtml } from './httpHelpers';
import { findUser } from './tenantRegistry';

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

const form = (userCode: string, error = ''): string =>
  page(
    'Enter code',
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}` +
      '<p>Enter the code displayed on your app or device, then sign in with a demo account.</p>' +
      '<form method="post" action="/common/oauth2/deviceauth">' +
      `<label>Code <input name="user_code" value="${escapeHtml(userCode)}" autocomplete="off"></label><br>` +
      '<label>Username <input name="username" autocomplete="username"></label><br>' +
      '<label>Password <input name="password" type="password" autocomplete="current-password"></label><br>' +
      '<button name="action" value="approve">Sign in</button> ' +
      '<button name="action" value="deny">Cancel</button></form>',
  );

/**
 * The verification page of the device flow (RFC 8628 §3.3), reduced to one form: code, username and
 * password. `GET` shows it, `POST` approves (or with `action=deny` declines) the code — so a test in another
 * process can play the user over HTTP.
 */
export async function handleDeviceAuthPage(
  req: IncomingMessage,
  res: ServerResponse,
  deviceCodes: DeviceCodeStore,
): Promise<void> {
  if (req.method === 'GET') {
    const code = new URL(req.url ?? '/', 'https://localhost').searchParams.get('otc') ?? '';
    return sendHtml(res, 200, form(code));
  }
  const params = new URLSearchParams(await readBody(req));
  const userCode = params.get('user_code') ?? '';
  const entry = deviceCodes.findByUserCode(userCode);
  if (!entry) {
    return sendHtml(
      res,
      400,
      form(userCode, 'That code is not valid or has expired. Check the code and try again.'),
    );
  }
  if (params.get('action') === 'deny') {
    deviceCodes.decline(userCode);
    return sendHtml(
      res,
      200,
      page('Sign-in cancelled', '<p>You declined to sign in. You may now close this window.</p>'),
    );
  }
  const user = findUser(entry.tenant, params.get('username') ?? '');
  if (!user || user.password !== params.get('password')) {
    return sendHtml(res, 400, form(userCode, 'Your account or password is incorrect.'));
  }
  deviceCodes.approve(userCode, user);
  return sendHtml(
    res,
    200,
    page(
      'You have signed in',
      `<p>You have signed in to the ${escapeHtml(entry.client.displayName)} application on your device as ` +
        `${escapeHtml(user.userPrincipalName)}. You may now close this window.</p>`,
    ),
  );
}
