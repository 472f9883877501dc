import { describe, expect, it } from 'vitest';
import { opensWebcal } from './apple-platform.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
// iPadOS asks for desktop sites: its Safari says it is a Mac.
const IPAD =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const ANDROID =
  'Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('whether a webcal: link opens a calendar here', () => {
  it('does on an iPhone, an iPad and a Mac, in any browser', () => {
    for (const userAgent of [IPHONE, IPAD, MAC_CHROME]) expect(opensWebcal({ userAgent })).toBe(true);
    expect(opensWebcal({ userAgent: LINUX, userAgentData: { platform: 'macOS' } })).toBe(true);
  });

  it('does not on Android, Windows or Linux', () => {
    for (const userAgent of [ANDROID, WINDOWS, LINUX]) expect(opensWebcal({ userAgent })).toBe(false);
  });
});
