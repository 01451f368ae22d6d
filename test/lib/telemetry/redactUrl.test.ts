import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/lib/telemetry/redactUrl';

describe('redactUrl', () => {
  it('redacts Table Storage entity keys, quoted plainly or percent-encoded, with OData-doubled quotes', () => {
    expect(
      redactUrl(
        "http://127.0.0.1:10002/devstoreaccount1/bridgeUsers(PartitionKey='tid',RowKey='bob%40contoso.test')",
      ),
    ).toBe("http://127.0.0.1:10002/devstoreaccount1/bridgeUsers(PartitionKey='REDACTED',RowKey='REDACTED')");
    expect(redactUrl("https://a.table.core.windows.net/t(PartitionKey=%27o''brien%27,RowKey=%27x%27)")).toBe(
      'https://a.table.core.windows.net/t(PartitionKey=%27REDACTED%27,RowKey=%27REDACTED%27)',
    );
  });

  it('redacts the user segment of Graph and admin paths, but keeps users/delta', () => {
    expect(
      redactUrl(
        'https://graph.microsoft.com/v1.0/users/690222be-ff1a-4d56-abd1-7e4f7d38e474/getMemberObjects',
      ),
    ).toBe('https://graph.microsoft.com/v1.0/users/REDACTED/getMemberObjects');
    expect(redactUrl('/api/admin/users/abe%40contoso.com/groups/Readers')).toBe(
      '/api/admin/users/REDACTED/groups/Readers',
    );
    expect(redactUrl('https://graph.microsoft.com/v1.0/users/delta?$select=id')).toBe(
      'https://graph.microsoft.com/v1.0/users/delta?$select=REDACTED',
    );
  });

  it('redacts every query value and keeps the names', () => {
    expect(redactUrl("http://h/t()?$filter=PartitionKey%20eq%20'abe@contoso.com'&$top=1000&flag")).toBe(
      'http://h/t()?$filter=REDACTED&$top=REDACTED&flag',
    );
  });

  it('leaves a URL without anything personal as it is', () => {
    const url = 'https://login.microsoftonline.com/tid/discovery/v2.0/keys';
    expect(redactUrl(url)).toBe(url);
  });
});
