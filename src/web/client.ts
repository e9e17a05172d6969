// The editors' page (page.ts) in the browser: plain DOM, no framework, bundled by
// `npm run compile` into dist/web/app.js. It talks to this service only.

interface Mention {
  readonly start: number;
  readonly end: number;
  readonly surface: string;
  readonly entityId: string;
  readonly replacement: string;
  readonly decided: 'plain' | 'context' | 'gloss';
}

/** How a mention was decided, in words. */
const DECIDED: Record<Mention['decided'], string> = { plain: 'the name alone', context: 'by context', gloss: 'a gloss' };

interface LookupResult {
  readonly entity: Entity;
  readonly matched: string;
  readonly how: string;
  readonly score: number;
}

interface Entity {
  readonly id: string;
  readonly kind: string;
  readonly names: Record<string, string | null>;
  readonly aliases: string[];
  readonly full?: Record<string, string>;
  readonly short?: Record<string, string>;
  readonly deprecated: string[];
  readonly ambiguous: { name: string; context: string[]; default: boolean }[];
  readonly note?: string;
  readonly sources: string[];
  readonly topics?: string[];
  readonly licence?: string;
}

const TOKEN_KEY = 'glossary-token';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** An element with text and attributes; children appended in order. */
function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

/** A lang attribute for a run of text: zh when it holds Han characters, so browsers pick CJK fonts. */
function langOf(text: string): string {
  return /[\u3400-\u9fff]/.test(text) ? 'zh' : 'en';
}

async function api<T>(path: string, init: RequestInit = {}): Promise<{ ok: boolean; status: number; body: T & { error?: string } }> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}) };
  if (token && init.method && init.method !== 'GET') headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { ...init, headers });
  const body = (res.status === 204 ? {} : await res.json()) as T & { error?: string };
  return { ok: res.ok, status: res.status, body };
}

// --- canonicalize -----------------------------------------------------------

let lastResult = '';

/**
 * Text as one block per line: the browser lays out and paints only the lines on screen
 * (content-visibility in the stylesheet), so a 100 KB article appears as fast as a short one.
 */
class Lines {
  readonly fragment = document.createDocumentFragment();
  private line = this.newLine();

  private newLine(): HTMLElement {
    const line = el('div', { class: 'line' });
    this.fragment.append(line);
    return line;
  }

  text(text: string): void {
    const parts = text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) this.line = this.newLine();
      if (part !== '') this.line.append(part);
    });
  }

  node(node: Node): void {
    this.line.append(node);
  }
}

/** The input with each mention marked, from code-point offsets, in one pass. */
function markedText(text: string, mentions: readonly Mention[]): DocumentFragment {
  const lines = new Lines();
  // UTF-16 offset of each code point offset, walked once.
  let point = 0;
  let unit = 0;
  let from = 0;
  const unitAt = (target: number): number => {
    while (point < target && unit < text.length) {
      const code = text.charCodeAt(unit);
      unit += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      point++;
    }
    return unit;
  };
  for (const m of mentions) {
    const start = unitAt(m.start);
    if (start > from) lines.text(text.slice(from, start));
    const end = unitAt(m.end);
    const changed = m.replacement !== m.surface;
    // A mention is one line (names hold no line break); clicks and keys reach it through #marked.
    lines.node(el('mark', { 'data-testid': 'mention', 'data-entity': m.entityId, tabindex: '0', lang: langOf(m.surface), 'data-decided': m.decided, title: `${m.surface} → ${m.replacement || '(dropped)'} · ${m.entityId} · ${DECIDED[m.decided]}`, ...(changed ? { class: 'changed' } : {}) }, text.slice(start, end)));
    from = end;
  }
  if (from < text.length) lines.text(text.slice(from));
  return lines.fragment;
}

function plainLines(text: string): DocumentFragment {
  const lines = new Lines();
  lines.text(text);
  return lines.fragment;
}

async function run(): Promise<void> {
  const text = $<HTMLTextAreaElement>('text-input').value;
  const to = $<HTMLSelectElement>('target').value;
  const topics = [...$<HTMLSelectElement>('topics').selectedOptions].map((o) => o.value);
  $('run-error').textContent = '';
  $('summary').textContent = 'working…';
  const { ok, body } = await api<{ text: string; mentions: Mention[] }>('/v1/canonicalize', {
    method: 'POST',
    body: JSON.stringify({ text, to, convert: $<HTMLInputElement>('convert').checked, keepLatin: $<HTMLInputElement>('keep-latin').checked, ...(topics.length > 0 ? { topics } : {}) }),
  });
  if (!ok) {
    $('run-error').textContent = body.error ?? 'the service refused the text';
    $('summary').textContent = '';
    return;
  }
  lastResult = body.text;
  $('marked').replaceChildren(markedText(text, body.mentions));
  $('output').replaceChildren(plainLines(body.text));
  $('output').setAttribute('lang', to === 'en' ? 'en' : to);
  const changed = body.mentions.filter((m) => m.replacement !== m.surface).length;
  $('summary').textContent = `${body.mentions.length} mentions, ${changed} rewritten to ${to}`;
}

function download(): void {
  const url = URL.createObjectURL(new Blob([lastResult], { type: 'text/plain;charset=utf-8' }));
  const a = el('a', { href: url, download: `canonicalized-${$<HTMLSelectElement>('target').value}.txt` });
  a.click();
  URL.revokeObjectURL(url);
}

function acceptDroppedFiles(): void {
  const area = $<HTMLTextAreaElement>('text-input');
  area.addEventListener('dragover', (e) => e.preventDefault());
  area.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    if (!/\.(txt|md)$/i.test(file.name)) {
      $('run-error').textContent = `${file.name}: drop a .txt or .md file`;
      return;
    }
    void file.text().then((text) => (area.value = text));
  });
}

// --- lookup and the entity page ---------------------------------------------

/**
 * A list that follows what is typed into a box: after a pause of delayMs, the items that
 * find(query) gives replace the list's; an empty box empties it, and the answer to an
 * older query arriving late is dropped, so the list always shows what the box holds.
 * find gives undefined when the service refused the query (the list is left as it is).
 */
function searchAsTyped(boxId: string, listId: string, delayMs: number, find: (query: string) => Promise<Node[] | undefined>): void {
  const list = $(listId);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  $<HTMLInputElement>(boxId).addEventListener('input', (e) => {
    clearTimeout(timer);
    const query = (e.target as HTMLInputElement).value;
    timer = setTimeout(() => {
      const seq = ++latest;
      if (query.trim() === '') {
        list.replaceChildren();
        return;
      }
      void find(query).then((items) => {
        if (seq === latest && items) list.replaceChildren(...items);
      });
    }, delayMs);
  });
}

/** The suggestions for a name, for searchAsTyped. */
async function lookup(query: string): Promise<Node[] | undefined> {
  const { ok, body } = await api<{ results: LookupResult[] }>(`/v1/lookup?q=${encodeURIComponent(query)}&limit=8`);
  if (!ok) return undefined;
  return body.results.map((r) => {
    const names = Object.values(r.entity.names).filter((n): n is string => n !== null);
    const item = el('li', { 'data-testid': 'lookup-result', 'data-entity': r.entity.id, role: 'option', tabindex: '0' }, el('strong', { lang: langOf(names[0] ?? '') }, names.join(' · ')), ` ${r.entity.kind} — ${r.how}: `, el('span', { lang: langOf(r.matched) }, r.matched));
    item.addEventListener('click', () => void openEntity(r.entity.id));
    item.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void openEntity(r.entity.id);
      // Up and down move through the suggestions; up from the first goes back to the box.
      if (e.key === 'ArrowDown') (item.nextElementSibling as HTMLElement | null)?.focus();
      if (e.key === 'ArrowUp') ((item.previousElementSibling as HTMLElement | null) ?? $('lookup-input')).focus();
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') e.preventDefault();
    });
    return item;
  });
}

function namesTable(entity: Entity): HTMLElement {
  const rows = Object.entries(entity.names).map(([locale, name]) =>
    el('tr', {}, el('th', {}, locale), el('td', { lang: locale === 'en' ? 'en' : locale }, name ?? '—'), el('td', { lang: locale === 'en' ? 'en' : locale }, entity.full?.[locale] ?? ''), el('td', { lang: locale === 'en' ? 'en' : locale }, entity.short?.[locale] ?? '')),
  );
  return el('table', {}, el('tr', {}, el('th', {}, 'region'), el('th', {}, 'name'), el('th', {}, 'full'), el('th', {}, 'short')), ...rows);
}

async function openEntity(id: string): Promise<void> {
  const section = $('entity');
  const { ok, body } = await api<Entity>(`/v1/entities/${encodeURIComponent(id)}`);
  if (!ok) {
    section.replaceChildren(el('p', { class: 'error' }, body.error ?? `no entity ${id}`));
    section.hidden = false;
    return;
  }
  const entity = body;
  const aliasError = el('p', { class: 'error', 'data-testid': 'alias-error', role: 'alert' });
  const aliasInput = el('input', { type: 'text', 'data-testid': 'alias-input', 'aria-label': 'New alias', lang: 'zh' }) as HTMLInputElement;
  const aliasAdd = el('button', { type: 'button', 'data-testid': 'alias-add' }, 'Add alias');
  aliasAdd.addEventListener('click', () => void editAlias(entity.id, { add: aliasInput.value }, aliasError));
  const aliases = el(
    'ul',
    { 'data-testid': 'aliases' },
    ...entity.aliases.map((a) => {
      const remove = el('button', { type: 'button', 'aria-label': `Remove alias ${a}` }, '×');
      remove.addEventListener('click', () => void editAlias(entity.id, { remove: a }, aliasError));
      return el('li', {}, el('span', { lang: langOf(a) }, a), ' ', remove);
    }),
  );
  const ambiguous = entity.ambiguous.map((a) => el('li', {}, el('span', { lang: langOf(a.name) }, a.name), ` — decided by: ${a.context.join(', ') || '(no context words)'}${a.default ? ' (default)' : ''}`));
  const history = el('div', { 'data-testid': 'history' });
  section.replaceChildren(
    el('h2', { 'data-testid': 'entity-title' }, `${entity.id} (${entity.kind})`),
    namesTable(entity),
    el('h3', {}, 'Aliases'),
    aliases,
    el('div', { class: 'row' }, aliasInput, aliasAdd),
    aliasError,
    ...(ambiguous.length > 0 ? [el('h3', {}, 'Ambiguous names'), el('ul', {}, ...ambiguous)] : []),
    ...(entity.deprecated.length > 0 ? [el('p', {}, `Deprecated: ${entity.deprecated.join(', ')}`)] : []),
    ...(entity.topics ? [el('p', {}, `Rewritten only with topics: ${entity.topics.join(', ')}`)] : []),
    ...(entity.note ? [el('p', { class: 'note' }, entity.note)] : []),
    ...(entity.sources.length > 0 ? [el('p', { class: 'note' }, `Sources: ${entity.sources.join('; ')}`)] : []),
    ...(entity.licence ? [el('p', { class: 'note' }, `Licence: ${entity.licence}`)] : []),
    editForm(entity),
    el('h3', {}, 'History'),
    history,
  );
  section.hidden = false;
  void showHistory(entity.id, history, undefined);
}

const LOCALES = ['zh-CN', 'zh-TW', 'zh-HK', 'zh-SG', 'zh-MY', 'zh-MO', 'en'];

/**
 * The entity as the API takes it back (PUT): the view's nulls left out, and its aliases
 * without the ambiguous names the view lists among them.
 */
function entryOf(entity: Entity): Record<string, unknown> {
  const { names, aliases, ambiguous, ...rest } = entity;
  const declared = new Set(ambiguous.map((a) => a.name));
  return { ...rest, names: Object.fromEntries(Object.entries(names).filter(([, n]) => n !== null)), aliases: aliases.filter((a) => !declared.has(a)), ambiguous };
}

/** Names per region and the note, saved with PUT; the build's messages shown beside the field they concern. */
function editForm(entity: Entity): HTMLElement {
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();
  const field = (key: string, label: string, value: string, multiline = false): HTMLElement => {
    const input = (multiline ? el('textarea', { rows: '2' }) : el('input', { type: 'text' })) as HTMLInputElement | HTMLTextAreaElement;
    input.value = value;
    input.setAttribute('data-testid', `field-${key}`);
    input.setAttribute('lang', key === 'en' || key === 'note' ? 'en' : 'zh');
    const error = el('span', { class: 'error', 'data-testid': `field-error-${key}`, role: 'alert' });
    inputs.set(key, input);
    errors.set(key, error);
    return el('label', { class: 'row' }, `${label} `, input, error);
  };
  const general = el('p', { class: 'error', 'data-testid': 'save-error', role: 'alert' });
  const saved = el('span', { class: 'note', 'data-testid': 'saved', 'aria-live': 'polite' });
  const save = el('button', { type: 'button', 'data-testid': 'save' }, 'Save');
  const remove = el('button', { type: 'button', 'data-testid': 'delete' }, 'Delete entity');
  save.addEventListener('click', () => {
    void (async () => {
      for (const e of errors.values()) e.textContent = '';
      general.textContent = '';
      saved.textContent = '';
      const body = entryOf(entity);
      const names: Record<string, string> = {};
      for (const locale of LOCALES) {
        const value = inputs.get(locale)!.value.trim();
        if (value !== '') names[locale] = value;
      }
      const note = inputs.get('note')!.value.trim();
      const { note: _old, ...withoutNote } = body;
      const { ok, status, body: answer } = await api<Entity>(`/v1/entities/${encodeURIComponent(entity.id)}`, { method: 'PUT', body: JSON.stringify({ ...withoutNote, names, ...(note ? { note } : {}) }) });
      if (ok) {
        await openEntity(entity.id);
        $('entity').querySelector('[data-testid=saved]')!.textContent = 'saved';
        return;
      }
      // The build's message starts with the field it concerns: "names.zh-TW: empty name".
      const message = `${status === 409 ? 'conflict: ' : ''}${answer.error ?? `refused (${status})`}`;
      const at = /(?:^|\b)(names\.(zh-[A-Z]{2}|en)|note)\b/.exec(answer.error ?? '');
      const key = at ? (at[2] ?? 'note') : undefined;
      if (key && errors.has(key)) errors.get(key)!.textContent = message;
      else general.textContent = message;
    })();
  });
  remove.addEventListener('click', () => void deleteEntity(entity.id, general));
  return el(
    'details',
    {},
    el('summary', {}, 'Edit names and note'),
    ...LOCALES.map((l) => field(l, l, entity.names[l] ?? '')),
    field('note', 'note', entity.note ?? '', true),
    el('div', { class: 'row' }, save, saved, remove),
    general,
  );
}

async function deleteEntity(id: string, errorBox: HTMLElement): Promise<void> {
  const { ok, status, body } = await api<Entity>(`/v1/entities/${encodeURIComponent(id)}`, { method: 'DELETE' });
  if (!ok) {
    errorBox.textContent = body.error ?? `refused (${status})`;
    return;
  }
  const restore = el('button', { type: 'button', 'data-testid': 'restore' }, 'Restore');
  const message = el('p', { 'data-testid': 'deleted' }, `${id} is deleted. `, restore);
  restore.addEventListener('click', () => {
    void (async () => {
      const answer = await api<Entity>(`/v1/entities/${encodeURIComponent(id)}/restore`, { method: 'POST' });
      if (answer.ok) await openEntity(id);
      else message.append(el('span', { class: 'error' }, ` ${answer.body.error ?? 'restore refused'}`));
    })();
  });
  $('entity').replaceChildren(message);
}

async function showHistory(id: string, box: HTMLElement, before: number | undefined): Promise<void> {
  const { ok, body } = await api<{ changes: { seq: number; action: string; actor: string; at: string }[]; next: number | null }>(`/v1/entities/${encodeURIComponent(id)}/history?limit=10${before !== undefined ? `&before=${before}` : ''}`);
  if (!ok) return;
  if (body.changes.length === 0 && before === undefined) box.replaceChildren(el('p', { class: 'note' }, 'No change through the service yet: as built from glossary/.'));
  for (const c of body.changes) box.append(el('p', {}, `#${c.seq} ${c.action} by ${c.actor} at ${c.at}`));
  if (body.next !== null) {
    const more = el('button', { type: 'button' }, 'Older changes');
    more.addEventListener('click', () => {
      more.remove();
      void showHistory(id, box, body.next!);
    });
    box.append(more);
  }
}

async function editAlias(id: string, change: { add: string } | { remove: string }, errorBox: HTMLElement): Promise<void> {
  errorBox.textContent = '';
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    errorBox.textContent = 'enter a write token first (below)';
    return;
  }
  const { ok, status, body } = await api<Entity>(`/v1/entities/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) });
  if (!ok) {
    errorBox.textContent = `${status === 409 ? 'conflict: ' : ''}${body.error ?? `refused (${status})`}`;
    return;
  }
  await openEntity(id);
}

// --- translation memory -----------------------------------------------------

interface TmMatch {
  readonly unitId: number;
  readonly source: string;
  readonly target: string;
  readonly score: number;
  readonly patched: boolean;
  readonly diff: { op: 'replace' | 'insert' | 'delete'; stored: string; query: string }[];
}

async function tmLookup(): Promise<void> {
  $('tm-error').textContent = '';
  const to = $<HTMLSelectElement>('tm-to').value;
  const { ok, body } = await api<{ matches: TmMatch[] }>('/v1/tm/lookup', {
    method: 'POST',
    body: JSON.stringify({ text: $<HTMLTextAreaElement>('tm-input').value, from: $<HTMLSelectElement>('tm-from').value, to }),
  });
  const list = $('tm-matches');
  if (!ok) {
    $('tm-error').textContent = body.error ?? 'the service refused the segment';
    list.replaceChildren();
    return;
  }
  if (body.matches.length === 0) {
    list.replaceChildren(el('li', { class: 'note' }, 'no match'));
    return;
  }
  list.replaceChildren(
    ...body.matches.map((m) => {
      // What differs between the stored source and the segment: stored struck out, the segment's inserted.
      const diff = m.diff.map((d) => el('span', {}, ...(d.stored ? [el('del', { lang: langOf(d.stored) }, d.stored)] : []), ...(d.query ? [el('ins', { lang: langOf(d.query) }, d.query)] : []), ' '));
      return el(
        'li',
        { 'data-testid': 'tm-match' },
        el('strong', { 'data-testid': 'tm-score' }, `${m.score}%`),
        ` ${m.patched ? '(names patched to the segment) ' : ''}`,
        el('div', { lang: langOf(m.source) }, m.source),
        el('div', { 'data-testid': 'tm-target', lang: to === 'en' ? 'en' : to }, m.target),
        ...(diff.length > 0 ? [el('div', { class: 'note' }, 'differs: ', ...diff)] : []),
      );
    }),
  );
}

/** The translation memory's units holding a word or name (concordance), for searchAsTyped. */
async function tmSearch(query: string): Promise<Node[] | undefined> {
  const { ok, body } = await api<{ units: { unitId: number; segments: Record<string, string> }[]; complete: boolean }>(`/v1/tm/search?q=${encodeURIComponent(query)}&limit=20`);
  if (!ok) return undefined;
  return [
    ...body.units.map((u) => el('li', { 'data-testid': 'tm-unit' }, ...Object.entries(u.segments).map(([lang, text]) => el('div', { lang: lang.startsWith('zh') ? lang : 'en' }, `${lang}: ${text}`)))),
    ...(body.complete ? [] : [el('li', { class: 'note' }, 'more units may hold it: add characters to narrow the search')]),
  ];
}

// --- start ------------------------------------------------------------------

async function start(): Promise<void> {
  $('run').addEventListener('click', () => void run());
  // One listener for every mark: an article has thousands.
  const markOf = (e: Event) => (e.target as HTMLElement).closest('mark');
  $('marked').addEventListener('click', (e) => {
    const mark = markOf(e);
    if (mark) void openEntity(mark.getAttribute('data-entity')!);
  });
  $('marked').addEventListener('keydown', (e) => {
    const mark = markOf(e);
    if (mark && e.key === 'Enter') void openEntity(mark.getAttribute('data-entity')!);
  });
  $('copy').addEventListener('click', () => void navigator.clipboard?.writeText(lastResult));
  $('download').addEventListener('click', download);
  acceptDroppedFiles();
  $<HTMLInputElement>('lookup-input').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown') return;
    e.preventDefault();
    ($('lookup-results').firstElementChild as HTMLElement | null)?.focus();
  });
  searchAsTyped('lookup-input', 'lookup-results', 120, lookup);
  $('tm-run').addEventListener('click', () => void tmLookup());
  searchAsTyped('tm-search', 'tm-units', 150, tmSearch);
  const token = $<HTMLInputElement>('token');
  token.value = sessionStorage.getItem(TOKEN_KEY) ?? '';
  token.addEventListener('change', () => (token.value ? sessionStorage.setItem(TOKEN_KEY, token.value) : sessionStorage.removeItem(TOKEN_KEY)));
  const [topics, health] = await Promise.all([api<{ topics: { topic: string; entries: number }[] }>('/v1/topics'), api<{ writable: boolean; readOnly?: string }>('/healthz')]);
  if (topics.ok) {
    const select = $<HTMLSelectElement>('topics');
    select.replaceChildren(...topics.body.topics.map((t) => el('option', { value: t.topic }, `${t.topic} (${t.entries})`)));
    select.size = Math.min(4, Math.max(1, topics.body.topics.length));
  }
  if (health.ok && !health.body.writable) $('mode').textContent = `Read-only: ${health.body.readOnly ?? 'this service takes no writes'}`;
}

void start();
