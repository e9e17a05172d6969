import { TARGET_TAGS } from '../locale.ts';

/** Each target's label in the page's target choice. */
const TARGET_LABELS: Readonly<Record<string, string>> = {
  'zh-CN': 'zh-CN — mainland',
  'zh-TW': 'zh-TW — Taiwan',
  'zh-HK': 'zh-HK — Hong Kong',
  'zh-SG': 'zh-SG — Singapore',
  'zh-MY': 'zh-MY — Malaysia',
  'zh-MO': 'zh-MO — Macau',
  en: 'en — English',
};

/** The languages a translation memory lookup goes between, as options with one selected. */
function langOptions(selected: string): string {
  return ['zh-CN', 'zh-TW', 'zh-HK', 'en'].map((l) => `<option value="${l}"${l === selected ? ' selected' : ''}>${l}</option>`).join('');
}

/**
 * The editors' page, served at /: canonicalize an article, look a name up, open an
 * entity and edit its aliases. Everything it loads is the service's own (/web/app.js,
 * built by `npm run compile` from src/web/client.ts); data-testid values are the
 * stable hooks the browser tests and users' automation use.
 */
export function webPage(): string {
  const options = TARGET_TAGS.map((t) => `<option value="${t}">${TARGET_LABELS[t] ?? t}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entity glossary</title>
<link rel="stylesheet" href="/web/app.css">
</head>
<body>
<header>
  <h1>Entity glossary</h1>
  <nav><a href="#canonicalize">Canonicalize</a> <a href="#lookup">Look up</a> <a href="#tm">Translation memory</a> <a href="/docs">API</a></nav>
  <p id="mode" class="note" aria-live="polite"></p>
</header>
<main>
<section id="canonicalize" aria-labelledby="canonicalize-title">
  <h2 id="canonicalize-title">Canonicalize an article</h2>
  <label for="text-input">Text (paste, or drop a .txt or .md file here)</label>
  <textarea id="text-input" data-testid="text-input" rows="8" lang="zh"></textarea>
  <div class="row">
    <label>Target <select id="target" data-testid="target">${options}</select></label>
    <label><input type="checkbox" id="convert" data-testid="convert"> also convert the rest of the text</label>
    <label><input type="checkbox" id="keep-latin" data-testid="keep-latin"> keep Latin names</label>
    <label>Topics <select id="topics" data-testid="topics" multiple size="1"></select></label>
    <button id="run" data-testid="run" type="button">Canonicalize</button>
  </div>
  <p id="run-error" class="error" role="alert"></p>
  <div class="columns">
    <div><h3>Mentions in the text</h3><div id="marked" data-testid="marked" class="text" lang="zh"></div></div>
    <div><h3>Result</h3><div id="output" data-testid="output" class="text" lang="zh"></div>
      <div class="row"><button id="copy" type="button" data-testid="copy">Copy</button> <button id="download" type="button" data-testid="download">Download</button> <span id="summary" data-testid="summary"></span></div>
    </div>
  </div>
</section>
<section id="lookup" aria-labelledby="lookup-title">
  <h2 id="lookup-title">Look up a name</h2>
  <input id="lookup-input" data-testid="lookup" type="search" autocomplete="off" placeholder="輝達, hui da, NVIDIA, nvdia ..." aria-label="Look up a name" lang="zh">
  <ul id="lookup-results" role="listbox" aria-label="Suggestions"></ul>
</section>
<section id="entity" hidden aria-live="polite"></section>
<section id="tm" aria-labelledby="tm-title">
  <h2 id="tm-title">Translation memory</h2>
  <label for="tm-input">Segment</label>
  <textarea id="tm-input" data-testid="tm-input" rows="2" lang="zh"></textarea>
  <div class="row">
    <label>From <select id="tm-from" data-testid="tm-from">${langOptions('zh-CN')}</select></label>
    <label>To <select id="tm-to" data-testid="tm-to">${langOptions('en')}</select></label>
    <button id="tm-run" data-testid="tm-run" type="button">Find matches</button>
  </div>
  <p id="tm-error" class="error" role="alert"></p>
  <ol id="tm-matches" data-testid="tm-matches"></ol>
  <label for="tm-search">Concordance: units holding a word or name, in any script</label>
  <input id="tm-search" data-testid="tm-search" type="search" autocomplete="off" lang="zh">
  <ul id="tm-units" data-testid="tm-units"></ul>
</section>
<section id="token-box" aria-labelledby="token-title">
  <h2 id="token-title">Write token</h2>
  <p class="note">Kept for this browser tab only (sessionStorage), sent to this service only.</p>
  <input id="token" data-testid="token" type="password" autocomplete="off" aria-label="Write token">
</section>
</main>
<script src="/web/app.js"></script>
</body>
</html>
`;
}

export const WEB_CSS = `
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 72rem; padding: 0 1rem 3rem; line-height: 1.5; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem; }
nav a { margin-right: .75rem; }
textarea, input[type=search], input[type=password], input[type=text] { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; }
.row { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: .5rem 0; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 40rem) { .columns { grid-template-columns: 1fr; } }
.text { white-space: pre-wrap; border: 1px solid #ccc; padding: .5rem; min-height: 4rem; overflow-wrap: anywhere; }
.line { min-height: 1.5em; content-visibility: auto; contain-intrinsic-size: auto 1.5em; }
mark { background: #fff2a8; border-radius: 2px; cursor: help; }
mark.changed { background: #ffd6a8; }
.error { color: #a00; }
del { background: #fdd; } ins { background: #dfd; text-decoration: none; }
#tm-matches li { margin-bottom: .5rem; }
.note { color: #555; font-size: .9rem; }
#lookup-results li { list-style: none; padding: .3rem; cursor: pointer; border-bottom: 1px solid #eee; }
#lookup-results li:focus, #lookup-results li:hover { background: #eef; outline: none; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid #36c; }
`;
