import { isIP } from 'node:net';

/** Which proxies to believe, as Fastify's `trustProxy` takes it: how many hops, or their addresses. */
export type TrustedProxies = false | number | string[];

/** Names proxy-addr knows for the usual private ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * `ONPOINT_TRUST_PROXY`: a hop count (`1` for one nginx in front) or a comma-separated list of proxy
 * addresses and CIDRs. Never "trust every hop": the leftmost `X-Forwarded-For` entry is whatever the
 * client wrote, and believing it would let anyone pose as 127.0.0.1 or dodge the login limit.
 */
export function parseTrustProxy(text: string | undefined): TrustedProxies {
  const value = text?.trim() ?? '';
  if (value === '' || value === '0' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') {
    throw new Error(
      'ONPOINT_TRUST_PROXY=true would trust every X-Forwarded-For hop, including the one the client writes: ' +
        'set the number of proxies in front of onpoint (1 for one nginx or Caddy), or their addresses (10.0.0.5, 10.0.0.0/8)',
    );
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !RANGE_NAMES.has(entry) && !isAddressOrCidr(entry));
  if (bad.length) {
    throw new Error(
      `ONPOINT_TRUST_PROXY: ${bad.map((b) => `"${b}"`).join(', ')} is not a hop count, an IP address or a CIDR ` +
        '(examples: 1; 127.0.0.1; 10.0.0.0/8, fd00::/8; loopback)',
    );
  }
  return entries;
}

/** Fastify reads a hop count at run time, but its types want the equivalent function: the first `n` hops are proxies. */
export function fastifyTrustProxy(trusted: TrustedProxies): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trusted === 'number' ? (_address, hop) => hop < trusted : trusted;
}
