// The audit log: every admin change, who made it, and what changed (secrets masked).

import { get, query } from '../api.js';
import { h, replace, heading, table, field, fmtTime, errorBox } from '../ui.js';

const PAGE = 50;

export async function render(root) {
  const action = field('Action', { type: 'text', autocomplete: 'off',
    placeholder: 'e.g. models.update' });
  const actor = field('Actor', { type: 'text', autocomplete: 'off' });
  const filter = h('button', { type: 'submit' }, 'Filter');
  const form = h('form', { class: 'card filters' }, action.wrap, actor.wrap,
    h('div', { class: 'field' }, filter));
  const out = h('div');
  const older = h('button', { type: 'button', class: 'secondary', hidden: true },
    'Older entries');
  root.append(heading('Audit log'), form, out, older);
  let entries = [];

  function change(e) {
    if (e.before === null && e.after === null) {
      return '–';
    }
    return h('details', {}, h('summary', {}, 'Details'),
      e.before !== null ? [h('h3', { class: 'small-title' }, 'Before'),
        h('pre', { class: 'json' }, JSON.stringify(e.before, null, 2))] : null,
      e.after !== null ? [h('h3', { class: 'small-title' }, 'After'),
        h('pre', { class: 'json' }, JSON.stringify(e.after, null, 2))] : null);
  }

  async function load(before) {
    try {
      const page = (await get(`/admin/v1/audit${query({ limit: PAGE, before,
        action: action.input.value.trim(), actor: actor.input.value.trim() })}`)).body.data;
      entries = before ? entries.concat(page) : page;
      older.hidden = page.length < PAGE;
      replace(out, table({
        caption: 'Admin changes, newest first',
        columns: [{ label: '#', numeric: true }, { label: 'When' }, { label: 'Actor' },
          { label: 'Action' }, { label: 'Target' }, { label: 'Request' }, { label: 'Change' }],
        rows: entries.map((e) => ({ cells: [String(e.seq), fmtTime(e.at), e.actor, e.action,
          e.target || '–', h('code', {}, e.request_id || '–'), change(e)] })),
        rowAttrs: (row, i) => ({ testid: 'audit-row', dataset: { seq: String(entries[i].seq) } }),
        empty: 'No admin changes recorded.',
      }));
    } catch (e) {
      older.hidden = true;
      replace(out, errorBox(e));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  older.addEventListener('click', () => load(entries.length ? entries[entries.length - 1].seq
    : null));
  await load();
}
