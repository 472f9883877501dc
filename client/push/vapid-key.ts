/** The server's VAPID public key, as the Push API wants it: bytes, from the base64url the server sends. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** Whether a subscription was made with this key: one made with another never gets a push. */
export function sameKey(key: ArrayBuffer | null | undefined, serverKey: Uint8Array): boolean {
  if (!key) return false;
  const bytes = new Uint8Array(key);
  return bytes.length === serverKey.length && bytes.every((b, i) => b === serverKey[i]);
}
