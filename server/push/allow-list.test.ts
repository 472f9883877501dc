import { describe, expect, it } from 'vitest';
import { createPushAllowList, parseAllowHosts } from './allow-list.js';

describe('push endpoint allow-list', () => {
  const list = createPushAllowList(parseAllowHosts(' 127.0.0.1:8443 ,'));

  it('knows the real push services', () => {
    expect(list.serviceOf('https://fcm.googleapis.com/fcm/send/abc')).toBe('Google FCM');
    expect(list.serviceOf('https://updates.push.services.mozilla.com/wpush/v2/abc')).toBe('Mozilla');
    expect(list.serviceOf('https://web.push.apple.com/QGx')).toBe('Apple');
    expect(list.serviceOf('https://wns2-par02p.notify.windows.com/w/?token=x')).toBe('Windows');
  });

  it('refuses everything else, so the server cannot be made to call arbitrary addresses', () => {
    expect(list.serviceOf('https://169.254.169.254/latest/meta-data')).toBeNull();
    expect(list.serviceOf('http://fcm.googleapis.com/fcm/send/abc')).toBeNull();
    expect(list.serviceOf('https://fcm.googleapis.com.evil.example/x')).toBeNull();
    expect(list.serviceOf('https://fcm.googleapis.com:8443/x')).toBeNull();
    expect(list.serviceOf('https://user:pw@fcm.googleapis.com/x')).toBeNull();
    expect(list.serviceOf('not a url')).toBeNull();
  });

  it('allows exactly the extra host:port pairs it was given', () => {
    expect(list.serviceOf('https://127.0.0.1:8443/push/1')).toBe('127.0.0.1:8443');
    expect(list.serviceOf('https://127.0.0.1:8444/push/1')).toBeNull();
  });
});
