/** What the browser says of its platform; `userAgentData` is Chromium's client hint, absent in Safari. */
export interface PlatformHints {
  userAgent: string;
  userAgentData?: { platform: string };
}

/**
 * Whether a `webcal:` link opens a calendar: on Apple's platforms, where the system hands it to Calendar
 * from any browser; elsewhere it opens nothing. iPadOS's Safari says "Macintosh", so it counts as a Mac.
 */
export function opensWebcal({ userAgent, userAgentData }: PlatformHints): boolean {
  return userAgentData?.platform === 'macOS' || /\b(iPhone|iPad|iPod|Macintosh)\b/.test(userAgent);
}
