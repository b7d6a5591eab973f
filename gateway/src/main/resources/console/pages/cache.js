// The response cache: its statistics, and purging all of it, a namespace or an alias.

import { get, del, query } from '../api.js';
import { h, replace, heading, field, fmtNumber, errorBox, confirmDialog, statusLine,
  showStatus, describeError } from '../ui.js';

export async function render(root) {
  const stats = h('div');
  const status = statusLine('purge-result');
  const namespace = field('Namespace', { type: 'text', autocomplete: 'off',
    placeholder: 'key:<name>, team:<name> or global' }, 'Empty: every namespace.');
  const alias = field('Model alias', { type: 'text', autocomplete: 'off' },
    'Empty: every alias.');
  const purge = h('button', { type: 'submit', class: 'danger', testid: 'purge-cache' },
    'Purge');
  const form = h('form', { class: 'card', novalidate: true }, h('h2', {}, 'Purge'),
    h('div', { class: 'grid' }, namespace.wrap, alias.wrap), h('div', { class: 'toolbar' },
      purge));
  root.append(heading('Cache'), stats, form, status);

  async function load() {
    try {
      const s = (await get('/admin/v1/cache')).body;
      const item = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
      const known = (n) => (n < 0 ? 'unknown' : fmtNumber(n));
      replace(stats, h('dl', { class: 'tiles', testid: 'cache-stats' },
        h('div', { class: 'tile' }, item('Store', s.store)),
        h('div', { class: 'tile' }, item('Scope', s.scope)),
        h('div', { class: 'tile' }, item('Default TTL', `${fmtNumber(s.ttl_seconds)} s`)),
        h('div', { class: 'tile' }, item('Entries', known(s.entries))),
        h('div', { class: 'tile' }, item('Bytes', known(s.bytes))),
        h('div', { class: 'tile' }, item('Evictions', known(s.evictions))),
        h('div', { class: 'tile' }, item('Semantic cache', s.semantic ? 'on' : 'off'))));
      form.hidden = false;
    } catch (e) {
      replace(stats, h('div', { testid: 'cache-stats' }, errorBox(e)));
      form.hidden = e.status === 404;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ns = namespace.input.value.trim();
    const a = alias.input.value.trim();
    const what = ns || a ? [ns && `namespace ${ns}`, a && `alias ${a}`].filter(Boolean)
      .join(' and ') : 'the whole cache';
    if (!await confirmDialog(`Purge ${what}? Those answers are requested from providers again.`,
      { title: 'Purge cache', action: 'Purge' })) {
      return;
    }
    try {
      const answer = (await del(`/admin/v1/cache${query({ namespace: ns, alias: a })}`)).body;
      showStatus(status, `Purged ${fmtNumber(answer.purged)} answer(s)`
        + (answer.purged_vectors !== undefined ? ` and ${fmtNumber(answer.purged_vectors)}`
          + ' vector(s)' : '') + ` from ${what}.`, 'ok');
      await load();
    } catch (e) {
      showStatus(status, describeError(e), 'error');
    }
  });

  await load();
}
