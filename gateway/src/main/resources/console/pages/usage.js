// Usage: requests, tokens and spend per key, team, alias, deployment or day over UTC days.

import { get, query } from '../api.js';
import { h, replace, heading, field, fmtNumber, fmtUsd, errorBox } from '../ui.js';

const GROUPS = [['key', 'Key'], ['team', 'Team'], ['alias', 'Model alias'],
  ['deployment', 'Deployment'], ['day', 'Day']];

function today(offset = 0) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - offset);
  return d.toISOString().slice(0, 10);
}

export async function render(root) {
  const from = field('From (UTC day)', { type: 'date', value: today(6), required: true });
  const to = field('To (UTC day, included)', { type: 'date', value: today(0), required: true });
  const group = field('Group by', { tag: 'select', value: 'key', options: GROUPS });
  const show = h('button', { type: 'submit' }, 'Show');
  const form = h('form', { class: 'card filters' }, from.wrap, to.wrap, group.wrap,
    h('div', { class: 'field' }, show));
  const out = h('div', { 'aria-live': 'polite' });
  let sort = { column: 'cost_usd', descending: true };
  let last = null;
  root.append(heading('Usage'), form, out);

  const columns = [
    { key: 'group', label: 'Group' },
    { key: 'requests', label: 'Requests', numeric: true },
    { key: 'input_tokens', label: 'Input tokens', numeric: true },
    { key: 'output_tokens', label: 'Output tokens', numeric: true },
    { key: 'cached_tokens', label: 'Cached tokens', numeric: true },
    { key: 'cost_usd', label: 'Spend (USD)', numeric: true, usd: true },
  ];

  function draw() {
    const rows = [...last.data].sort((a, b) => {
      const x = a[sort.column];
      const y = b[sort.column];
      const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -c : c;
    });
    const totals = {};
    columns.slice(1).forEach((c) => {
      totals[c.key] = last.data.reduce((a, r) => a + (r[c.key] || 0), 0);
    });
    const cell = (c, v) => (c.usd ? fmtUsd(v) : c.numeric ? fmtNumber(v) : v);
    const head = h('tr', {}, columns.map((c) => {
      const active = sort.column === c.key;
      return h('th', { scope: 'col', class: c.numeric ? 'num' : null,
        'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : null },
      h('button', { type: 'button', class: 'sort', onclick: () => {
        sort = { column: c.key, descending: active ? !sort.descending : c.numeric };
        draw();
        out.querySelector(`th[aria-sort] button`).focus();
      } }, c.label));
    }));
    replace(out, h('div', { class: 'table-wrap' }, h('table', { testid: 'usage-table' },
      h('caption', {}, `Usage from ${last.from} to ${last.to} by ${last.group_by}`),
      h('thead', {}, head),
      h('tbody', {}, rows.length ? rows.map((r) => h('tr', {}, columns.map((c, i) => (i === 0
        ? h('th', { scope: 'row' }, r.group ?? '–')
        : h('td', { class: 'num' }, cell(c, r[c.key]))))))
        : h('tr', {}, h('td', { colspan: columns.length, class: 'muted' },
          'No usage in this period.'))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), columns.slice(1)
        .map((c) => h('td', { class: 'num' }, cell(c, totals[c.key]))))))));
  }

  async function load() {
    try {
      last = (await get(`/admin/v1/usage${query({ from: from.input.value, to: to.input.value,
        group_by: group.input.value })}`)).body;
      draw();
    } catch (e) {
      replace(out, errorBox(e));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  await load();
}
