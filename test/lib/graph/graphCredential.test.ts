import { describe, expect, it } from 'vitest';
import { isMicrosoftAuthorityHost } from '../../../src/lib/graph/graphCredential';

describe('isMicrosoftAuthorityHost (instance discovery is disabled for any other host)', () => {
  it.each([
    ['https://login.microsoftonline.com', true],
    ['https://login.microsoftonline.us', true],
    ['https://login.chinacloudapi.cn', true],
    ['https://127.0.0.1:8443', false],
    ['https://login.example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isMicrosoftAuthorityHost(host)).toBe(expected);
  });
});
