import { describe, expect, it } from 'vitest';
import type { AlertDetail } from '../../shared/api.js';
import { boundedAlert } from './kept-alerts.js';

const alert = (over: Partial<AlertDetail>): AlertDetail => ({
  fingerprint: 'a',
  status: 'firing',
  labels: {},
  startsAt: '2026-11-29T03:00:00Z',
  ...over,
});

describe('what an incident keeps of one alert', () => {
  it('cuts a stack-trace description, a long summary and long labels, marking the cut', () => {
    const kept = boundedAlert(
      alert({ description: 'at frame\n'.repeat(5000), summary: 's'.repeat(5000), labels: { pod: 'p'.repeat(3000) } }),
    );
    expect(kept.description).toHaveLength(10_000);
    expect(kept.description?.endsWith('…')).toBe(true);
    expect(kept.summary).toHaveLength(1000);
    expect(kept.labels.pod).toHaveLength(1000);
  });

  it('leaves ordinary text alone and never splits a character in two', () => {
    expect(boundedAlert(alert({ summary: 'Disk 91% full' })).summary).toBe('Disk 91% full');
    const emoji = boundedAlert(alert({ summary: '🔥'.repeat(1500) })).summary!;
    expect([...emoji]).toHaveLength(1000);
    expect(emoji.isWellFormed()).toBe(true);
  });
});
