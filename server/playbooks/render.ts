import MarkdownIt from 'markdown-it';

/**
 * Playbooks are Markdown from the repo, but alerts can name them and people paste into them, so
 * they render with raw HTML off: a `<script>` shows as text. markdown-it also refuses
 * javascript:, vbscript: and data: links by default.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const defaultFence = markdown.renderer.rules.fence;
/**
 * Every code block gets a copy button; the page wires the click (commands are what people copy at 3 a.m.).
 * A long command scrolls sideways, so the block takes keyboard focus, named so a screen reader says what it is.
 */
markdown.renderer.rules.fence = (tokens, idx, options, env, self) => {
  const block = defaultFence(tokens, idx, options, env, self).replace(
    /^<pre>/,
    '<pre tabindex="0" role="group" aria-label="Code">',
  );
  return `<div class="code-block">${block}<button type="button" class="copy-button" data-copy>Copy</button></div>`;
};

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
