// Plain text of an Atlassian Document Format value (what Jira REST v3 returns for descriptions and
// rich-text custom fields), enough to find a `root cause:` line in it. Unknown nodes contribute
// their children's text, so new node types degrade to "less text", never to an error.

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
}

/** Nodes after which a line ends, so "root cause: abc" in one paragraph does not run into the next. */
const BLOCKS = new Set([
  'doc', 'paragraph', 'heading', 'blockquote', 'codeBlock', 'bulletList', 'orderedList', 'listItem', 'panel',
  'rule', 'table', 'tableRow', 'tableCell', 'tableHeader', 'expand', 'nestedExpand', 'taskList', 'taskItem',
  'decisionList', 'decisionItem', 'mediaSingle', 'mediaGroup', 'blockCard', 'embedCard',
]);

const MAX_DEPTH = 100;

function walk(node: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, out, depth + 1);
    return;
  }
  const { type, text, attrs, content } = node as AdfNode;
  if (type === 'text' && typeof text === 'string') out.push(text);
  else if (type === 'hardBreak') out.push('\n');
  // Inline nodes whose words live in attributes.
  else if ((type === 'mention' || type === 'status' || type === 'date') && typeof attrs?.text === 'string') out.push(attrs.text);
  else if (type === 'emoji' && typeof attrs?.shortName === 'string') out.push(attrs.shortName);
  else if ((type === 'inlineCard' || type === 'blockCard' || type === 'embedCard') && typeof attrs?.url === 'string') out.push(attrs.url);
  if (Array.isArray(content)) walk(content, out, depth + 1);
  if (typeof type === 'string' && BLOCKS.has(type)) out.push('\n');
}

/** The text of an ADF document (or of a plain string, as rich-text fields hold in older projects). */
export function adfToText(value: unknown): string {
  if (typeof value === 'string') return value;
  const out: string[] = [];
  walk(value, out, 0);
  return out.join('').replace(/\n{2,}/g, '\n').trim();
}
