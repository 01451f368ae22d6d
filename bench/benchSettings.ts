import { randomBytes } from 'node:crypto';
import { demoSettings } from '../dev/demoSettings';

/**
 * The demo tenant's settings for an in-process bridge of a benchmark, on tables of their own
 * (a fresh `BRIDGE_TABLE_PREFIX` starting with `prefix`) so runs never see each other's data.
 */
export function benchSettings(
  prefix: string,
  urls: { authorityUrl: string; graphUrl: string; tablesConnection: string },
): Record<string, string> {
  return {
    ...demoSettings({ ...urls, port: 7071 }),
    BRIDGE_TABLE_PREFIX: `${prefix}${randomBytes(4).toString('hex')}`,
  };
}
