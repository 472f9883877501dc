import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../client-build.js';
import { loadPlaybooks } from './library.js';
import { renderMarkdown } from './render.js';

describe('playbooks', () => {
  const library = loadPlaybooks(join(ROOT, 'playbooks'));

  it('ships a playbook for each fixture alert, found by name or by alert', () => {
    expect(library.slugFor('checkout-high-error-rate', null)).toBe('checkout-high-error-rate');
    expect(library.slugFor(null, 'NodeDiskFull')).toBe('node-disk-full');
    expect(library.slugFor('no-such-playbook', 'CertificateExpiresSoon')).toBe('certificate-expires-soon');
    expect(library.slugFor(null, 'Unknown')).toBeNull();
  });

  it('renders commands with a copy button, in a block a keyboard can scroll', () => {
    const html = library.get('checkout-high-error-rate')!.playbook.html;
    expect(html).toContain('<pre tabindex="0" role="group" aria-label="Code"><code class="language-sh">kubectl');
    expect(html).toContain('<button type="button" class="copy-button" data-copy>Copy</button>');
    expect(html).toContain('kubectl -n checkout rollout undo');
  });

  it('never lets raw HTML or script links through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses a playbook with bad front matter, naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playbooks-'));
    writeFileSync(join(dir, 'bad.md'), '---\nalerts: Disk\n---\nbody');
    expect(() => loadPlaybooks(dir)).toThrow(/bad\.md: front matter is not valid: title: .*; alerts: /);
  });
});
