import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Result } from 'axe-core';
import { expect } from './test.js';

/** WCAG 2.2 AA, everything before it, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** One line per failing element: enough to find it and know what to change without rerunning anything. */
function describe(violations: Result[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.help}) at ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ')}`,
    ),
  );
}

/**
 * axe-core run on each screen a test walks through. `expectClean` then fails once, listing every screen's
 * violations (rule, what it asks, the element, why it fails), so one red CI run explains them all.
 */
export class AxeAudit {
  private readonly found: Record<string, string[]> = {};

  /** Audits what `page` shows now, under the name of the screen (and its state) a reader will recognise. */
  async check(page: Page, screen: string): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const lines = describe(violations);
    if (lines.length) this.found[screen] = lines;
  }

  expectClean(): void {
    expect(this.found, 'axe-core violations, by screen').toEqual({});
  }
}
