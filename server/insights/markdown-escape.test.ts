import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { markdownText } from './markdown-escape.js';

const wiki = new MarkdownIt({ html: true });
/** How a line `- **Title:** <text>` shows in a wiki that renders raw HTML. */
const rendered = (text: string) => wiki.renderInline(`**Title:** ${markdownText(text)}`);

describe('untrusted text in Markdown', () => {
  it('is one line', () => {
    expect(markdownText('a\nb\r\nc\u2028d\te')).toBe('a b c d e');
    expect(markdownText('  title\n')).toBe('title');
  });

  it('cannot add HTML: tags and entities show as typed', () => {
    expect(rendered('<script>alert(1)</script>')).toBe('<strong>Title:</strong> &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered('<img src=x onerror=alert(1)>')).toBe('<strong>Title:</strong> &lt;img src=x onerror=alert(1)&gt;');
    expect(rendered('&lt;b&gt;')).toBe('<strong>Title:</strong> &amp;lt;b&amp;gt;');
  });

  it('cannot add links, images, emphasis, code or table cells', () => {
    expect(rendered('[link](javascript:alert(1)) ![x](http://e.vil/x.png) <http://e.vil>')).toBe(
      '<strong>Title:</strong> [link](javascript:alert(1)) ![x](http://e.vil/x.png) &lt;http://e.vil&gt;',
    );
    expect(rendered('*bold* _it_ `code` ~~gone~~ a|b \\')).toBe('<strong>Title:</strong> *bold* _it_ `code` ~~gone~~ a|b \\');
  });

  it('leaves a bare web address to show itself: a wiki that links those links it to what it says', () => {
    expect(new MarkdownIt({ linkify: true }).renderInline(markdownText('see https://grafana.example.com/d/1'))).toBe(
      'see <a href="https://grafana.example.com/d/1">https://grafana.example.com/d/1</a>',
    );
  });

  it('leaves plain text as it was', () => {
    expect(markdownText('Checkout API 5xx rate above 5% for 5m — renew ✓')).toBe(
      'Checkout API 5xx rate above 5% for 5m — renew ✓',
    );
  });
});
