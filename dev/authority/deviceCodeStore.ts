import { randomInt } from 'node:crypto';
import type { DemoClientApp, DemoTenant, DemoUser } from '../demoTenant';
import { EntraError, randomId } from './httpHelpers';
import type { ResourceRequest } from './resolveScope';

/** Entra's device codes live 15 minutes (`expires_in: 900`). */
export const DEVICE_CODE_LIFETIME_SECONDS = 900;
/** RFC 8628 §3.5: after `slow_down` the client must add 5 seconds to its polling interval. */
const SLOW_DOWN_STEP_SECONDS = 5;
/** Timers and request latency make a well-behaved client's poll land a little early now and then. */
const POLL_TOLERANCE_MS = 200;
/** Entra's user codes: 9 characters from an alphabet without look-alikes (e.g. `F7KQ2XN3P`). */
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A device authorization request between `/devicecode` and redemption at `/token`. */
export interface DeviceCodeEntry {
  deviceCode: string;
  userCode: string;
  tenant: DemoTenant;
  client: DemoClientApp;
  request: ResourceRequest;
  expiresAtMs: number;
  intervalSeconds: number;
  lastPollMs?: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  user?: DemoUser;
}

/** Public view of a pending code, for tests and the approval page. */
export interface PendingDeviceCode {
  userCode: string;
  tenantId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

/** Normalises what a person types: case and separators do not matter. */
export const normalizeUserCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

const pollError = (error: string, aadsts: number, description: string) =>
  new EntraError(400, error, aadsts, description);

/** Device authorization grant state (RFC 8628) with Entra's error codes. */
export class DeviceCodeStore {
  private readonly byDeviceCode = new Map<string, DeviceCodeEntry>();

  constructor(
    private readonly intervalSeconds: number,
    private readonly nowMs: () => number,
  ) {}

  /** Starts a flow (RFC 8628 §3.1–3.2). */
  create(tenant: DemoTenant, client: DemoClientApp, request: ResourceRequest): DeviceCodeEntry {
    this.sweep();
    const userCode = Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(32)]).join('');
    const entry: DeviceCodeEntry = {
      deviceCode: `DAQABAAEAAA${randomId(96)}`,
      userCode,
      tenant,
      client,
      request,
      expiresAtMs: this.nowMs() + DEVICE_CODE_LIFETIME_SECONDS * 1000,
      intervalSeconds: this.intervalSeconds,
      status: 'pending',
    };
    this.byDeviceCode.set(entry.deviceCode, entry);
    return entry;
  }

  /** Finds a live code by what the user typed. */
  findByUserCode(userCode: string): DeviceCodeEntry | undefined {
    const wanted = normalizeUserCode(userCode);
    for (const entry of this.byDeviceCode.values()) {
      if (entry.userCode === wanted && entry.status === 'pending' && this.nowMs() < entry.expiresAtMs) {
        return entry;
      }
    }
    return undefined;
  }

  /**
   * One poll of the token endpoint (RFC 8628 §3.4–3.5): returns the approving user once, otherwise throws
   * `authorization_pending`, `slow_down`, `expired_token`, `authorization_declined` or `bad_verification_code`.
   */
  poll(deviceCode: string, clientId: string): { entry: DeviceCodeEntry; user: DemoUser } {
    const entry = this.byDeviceCode.get(deviceCode);
    if (!entry || entry.client.appId !== clientId || entry.status === 'redeemed') {
      throw pollError('bad_verification_code', 70000, "The provided value for 'device_code' is not valid.");
    }
    const now = this.nowMs();
    if (now >= entry.expiresAtMs) {
      throw pollError('expired_token', 70020, 'The provided device code has expired.');
    }
    const last = entry.lastPollMs;
    entry.lastPollMs = now;
    if (last !== undefined && now - last < entry.intervalSeconds * 1000 - POLL_TOLERANCE_MS) {
      entry.intervalSeconds += SLOW_DOWN_STEP_SECONDS;
      throw pollError('slow_down', 70016, 'The client is polling too quickly; slow down.');
    }
    if (entry.status === 'declined') {
      this.byDeviceCode.delete(deviceCode);
      throw pollError('authorization_declined', 70000, 'The end user denied the authorization request.');
    }
    if (entry.status === 'pending' || !entry.user) {
      throw pollError(
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      );
    }
    entry.status = 'redeemed';
    return { entry, user: entry.user };
  }

  /** Records the user's consent; false if the code is unknown, expired or already used. */
  approve(userCode: string, user: DemoUser): boolean {
    const entry = this.findByUserCode(userCode);
    if (!entry) return false;
    entry.status = 'approved';
    entry.user = user;
    return true;
  }

  /** Records that the user declined; false if the code is unknown, expired or already used. */
  decline(userCode: string): boolean {
    const entry = this.findByUserCode(userCode);
    if (!entry) return false;
    entry.status = 'declined';
    return true;
  }

  /** Codes waiting for a user. */
  pending(): PendingDeviceCode[] {
    const now = this.nowMs();
    return [...this.byDeviceCode.values()]
      .filter((e) => e.status === 'pending' && now < e.expiresAtMs)
      .map((e) => ({
        userCode: e.userCode,
        tenantId: e.tenant.tenantId,
        clientId: e.client.appId,
        scopes: e.request.scopes,
        expiresAt: e.expiresAtMs,
      }));
  }

  private sweep(): void {
    const cutoff = this.nowMs() - DEVICE_CODE_LIFETIME_SECONDS * 1000;
    for (const [code, entry] of this.byDeviceCode) {
      if (entry.expiresAtMs < cutoff) this.byDeviceCode.delete(code);
    }
  }
}
