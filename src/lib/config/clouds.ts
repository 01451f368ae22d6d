/**
 * National clouds: each Entra authority host has its own Microsoft Graph endpoint
 * (https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints).
 */
const GRAPH_BY_AUTHORITY: Readonly<Record<string, string>> = {
  'login.microsoftonline.com': 'https://graph.microsoft.com',
  'login.microsoftonline.us': 'https://graph.microsoft.us',
  'login.chinacloudapi.cn': 'https://microsoftgraph.chinacloudapi.cn',
  'login.partner.microsoftonline.cn': 'https://microsoftgraph.chinacloudapi.cn',
};

/** The Graph endpoint of the authority's cloud, or undefined for unknown (e.g. local) authorities. */
export function defaultGraphBaseUrl(authorityHost: string): string | undefined {
  return GRAPH_BY_AUTHORITY[new URL(authorityHost).hostname.toLowerCase()];
}
