/**
 * Push endpoints are URLs that a browser hands us and the server then POSTs to, so an unchecked one
 * would let anyone make the server call any address (SSRF). Only the real push services are allowed,
 * plus exact host:port pairs an operator adds (ONPOINT_PUSH_ALLOW_HOSTS, for tests and self-hosted relays).
 */
const KNOWN_PUSH_SERVICES: { name: string; matches: (host: string) => boolean }[] = [
  { name: 'Google FCM', matches: (h) => h === 'fcm.googleapis.com' || h === 'android.googleapis.com' },
  { name: 'Mozilla', matches: (h) => h === 'push.services.mozilla.com' || h.endsWith('.push.services.mozilla.com') },
  { name: 'Apple', matches: (h) => h === 'push.apple.com' || h.endsWith('.push.apple.com') },
  { name: 'Windows', matches: (h) => h.endsWith('.notify.windows.com') },
];

export interface PushAllowList {
  /** The push service's name, or null when the endpoint may not be used. */
  serviceOf(endpoint: string): string | null;
}

export function parseAllowHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export function createPushAllowList(extraHosts: string[]): PushAllowList {
  const extra = new Set(extraHosts);
  return {
    serviceOf(endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return null;
      }
      if (url.protocol !== 'https:' || url.username || url.password) return null;
      if (extra.has(url.host.toLowerCase())) return url.host;
      if (url.port && url.port !== '443') return null;
      return KNOWN_PUSH_SERVICES.find((s) => s.matches(url.hostname.toLowerCase()))?.name ?? null;
    },
  };
}
