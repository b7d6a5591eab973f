// Models & routing: the aliases served, the routing version with its history, and rollback.

import { get, post } from '../api.js';
import { h, heading, table, fmtTime, errorBox, confirmDialog, statusLine, showStatus,
  describeError } from '../ui.js';

export async function render(root) {
  const status = statusLine();
  root.append(heading('Models & routing'), status);
  let models;
  try {
    models = (await get('/admin/v1/models')).body;
  } catch (e) {
    root.append(errorBox(e));
    return;
  }
  root.append(h('p', { class: 'muted' }, `Routing version ${models.version}.`),
    table({
      caption: 'Model aliases',
      columns: [{ label: 'Alias' }, { label: 'Kind' }, { label: 'Deployments' },
        { label: 'Fallbacks' }, { label: 'Actions' }],
      rows: models.data.map((m) => ({ cells: [
        m.name,
        m.kind || 'chat',
        (m.deployments || []).map((d) => `${d.provider}/${d.model}`
          + `${d.weight !== undefined && d.weight !== 1 ? ` ×${d.weight}` : ''}`
          + `${d.shadow ? ' (shadow)' : ''}`).join(', '),
        fallbacks(m.fallbacks),
        h('a', { href: `#/models/${encodeURIComponent(m.name)}`, testid: 'edit-model',
          'aria-label': `Edit ${m.name}` }, 'Edit'),
      ] })),
      rowAttrs: (row, i) => ({ testid: 'model-row', dataset: { name: models.data[i].name } }),
      empty: 'No model aliases.',
    }));

  const history = h('div');
  root.append(h('h2', {}, 'Routing history'), history);
  try {
    const versions = (await get('/admin/v1/routing/history?limit=20')).body.data;
    history.append(table({
      caption: 'Routing versions, newest first',
      columns: [{ label: 'Version', numeric: true }, { label: 'When' }, { label: 'Author' },
        { label: 'Summary' }, { label: 'Actions' }],
      rows: versions.map((v, i) => ({ cells: [
        String(v.version), fmtTime(v.created_at), v.author || '–',
        v.summary + (v.rollback_of !== null && v.rollback_of !== undefined
          ? ` (rollback of ${v.rollback_of})` : ''),
        i === 0 ? h('span', { class: 'muted' }, 'current')
          : h('button', { type: 'button', class: 'secondary',
            onclick: () => rollback(v.version) }, `Roll back to ${v.version}`),
      ] })),
      empty: 'The routing was never changed through the admin API.',
    }));
  } catch (e) {
    history.append(errorBox(e));
  }

  async function rollback(version) {
    if (!await confirmDialog(`Serve routing version ${version} again on every gateway?`,
      { title: 'Roll back routing', action: 'Roll back' })) {
      return;
    }
    try {
      const answer = (await post('/admin/v1/routing/rollback', { version })).body;
      showStatus(status, `Rolled back to version ${answer.rollback_of} (now version `
        + `${answer.version}).`, 'ok');
      setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 800);
    } catch (e) {
      showStatus(status, describeError(e), 'error');
    }
  }
}

function fallbacks(f) {
  if (!f) {
    return '–';
  }
  if (Array.isArray(f)) {
    return f.join(', ') || '–';
  }
  return Object.entries(f).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
}
