// Models & routing: the aliases served (create one, delete one), the routing version with its
// history, and rollback. A new alias is previewed (a dry run listing the changes) before it is
// created; a delete is confirmed in the dialog and sent with the alias's ETag (412: it changed).

import { get, post, del } from '../api.js';
import { h, replace, heading, table, field, fmtTime, errorBox, confirmDialog, statusLine,
  showStatus, describeError, announce, errorPairs, changeList } from '../ui.js';

const KINDS = [['chat', 'chat'], ['embeddings', 'embeddings'], ['images', 'images']];

export async function render(root) {
  const newModel = h('button', { type: 'button', testid: 'new-model', 'aria-expanded': 'false',
    'aria-controls': 'model-form' }, 'New model');
  const status = statusLine();
  const problems = h('div', { role: 'alert' });
  const list = h('div');
  const history = h('div');
  let models = { version: 0, data: [] };
  let errorCount = 0;

  // --- the new model form: name, kind, first deployment

  const name = field('Alias', { type: 'text', testid: 'new-model-name', required: true,
    autocomplete: 'off', 'data-path': 'name' }, 'The model name clients send.');
  const kind = field('Kind', { tag: 'select', testid: 'new-model-kind', value: 'chat',
    options: KINDS, 'data-path': 'kind' });
  const provider = field('Provider', { type: 'text', testid: 'new-model-provider',
    required: true, autocomplete: 'off', list: 'provider-names',
    'data-path': 'deployments[0].provider' }, 'A provider of the Providers page.');
  const upstream = field('Upstream model', { type: 'text', testid: 'new-model-model',
    required: true, autocomplete: 'off', 'data-path': 'deployments[0].model' },
  'The model name the provider knows.');
  const weight = field('Weight', { type: 'number', min: 1, step: 1, value: '1',
    testid: 'new-model-weight', 'data-path': 'deployments[0].weight' });
  const providerNames = h('datalist', { id: 'provider-names' });
  const formErrors = h('div', { class: 'top-errors', role: 'alert' });
  const preview = h('button', { type: 'button', class: 'secondary', testid: 'preview-changes' },
    'Preview');
  const create = h('button', { type: 'submit', testid: 'create-model' }, 'Create model');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'model-form', class: 'card', hidden: true, novalidate: true },
    h('h2', {}, 'New model'), formErrors,
    h('div', { class: 'grid' }, name.wrap, kind.wrap),
    h('fieldset', {}, h('legend', {}, 'First deployment (more in the editor once created)'),
      h('div', { class: 'grid' }, provider.wrap, upstream.wrap, weight.wrap)),
    providerNames, results, h('div', { class: 'toolbar' }, preview, create, cancel));

  root.append(heading('Models & routing', newModel), status, problems, form, list,
    h('h2', {}, 'Routing history'), history);

  newModel.addEventListener('click', () => (form.hidden ? openForm() : closeForm()));
  cancel.addEventListener('click', closeForm);

  async function openForm() {
    form.reset();
    weight.input.value = '1';
    clearErrors();
    replace(results);
    form.hidden = false;
    newModel.setAttribute('aria-expanded', 'true');
    name.input.focus();
    try {
      const providers = (await get('/admin/v1/providers')).body.data;
      replace(providerNames, providers.map((p) => h('option', { value: p.name })));
    } catch (e) {
      // the names are only suggestions
    }
  }

  function closeForm() {
    form.hidden = true;
    newModel.setAttribute('aria-expanded', 'false');
    newModel.focus();
  }

  function spec() {
    const n = Number(weight.input.value);
    return { name: name.input.value.trim(), kind: kind.input.value,
      deployments: [{ provider: provider.input.value.trim(), model: upstream.input.value.trim(),
        weight: weight.input.value === '' || !Number.isFinite(n) ? 1 : n }] };
  }

  function clearErrors() {
    form.querySelectorAll('[data-testid="field-error"]').forEach((e) => e.remove());
    form.querySelectorAll('[aria-invalid="true"]').forEach((e) => {
      e.removeAttribute('aria-invalid');
      if (e.dataset.hint) {
        e.setAttribute('aria-describedby', e.dataset.hint);
      } else {
        e.removeAttribute('aria-describedby');
      }
    });
    replace(formErrors);
  }

  /** Puts a problem next to the input its path names (deployments[0].model), else on top. */
  function showError(path, message) {
    const id = `field-error-${++errorCount}`;
    const input = path ? form.querySelector(`[data-path="${CSS.escape(path)}"]`) : null;
    const note = h('p', { class: 'field-error', testid: 'field-error', id,
      dataset: { field: path } }, path ? `${path}: ${message}` : message);
    if (!input) {
      formErrors.append(note);
      return;
    }
    if (input.dataset.hint === undefined) {
      input.dataset.hint = input.getAttribute('aria-describedby') || '';
    }
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${id} ${input.dataset.hint}`.trim());
    input.insertAdjacentElement('afterend', note);
  }

  /** A document path made relative to the new alias (models[<its index>].x → x). */
  function relative(path) {
    const index = models.data.length;
    const prefixes = [`models[${index}].`, `models.${spec().name}.`];
    const prefix = prefixes.find((p) => path.startsWith(p));
    if (prefix) {
      const rest = path.slice(prefix.length);
      return rest === 'deployments' || rest === 'deployments[0]' ? 'deployments[0].provider'
        : rest;
    }
    return path;
  }

  function showFailure(e) {
    if (e.status === 409) {
      showError('name', e.message);
    } else if (e.status === 400 || e.status === 422) {
      errorPairs(e, relative).forEach(([path, message]) => showError(path, message));
    } else {
      formErrors.append(h('p', { class: 'field-error', testid: 'field-error' },
        describeError(e)));
    }
    announce(`The model was not created: ${e.message}`);
    const first = form.querySelector('.top-errors [data-testid="field-error"], '
      + '[aria-invalid="true"]');
    if (first) {
      if (first.dataset.testid === 'field-error') {
        first.setAttribute('tabindex', '-1');
      }
      first.focus();
    }
  }

  /** Checks the fields the form needs before any call; answers whether all are filled. */
  function complete() {
    const missing = [[name, 'name', 'An alias needs a name.'],
      [provider, 'deployments[0].provider', 'Name the provider of the first deployment.'],
      [upstream, 'deployments[0].model', 'Name the model the provider serves.']]
      .filter(([f]) => !f.input.value.trim());
    missing.forEach(([, path, message]) => showError(path, message));
    if (missing.length) {
      missing[0][0].input.focus();
    }
    return missing.length === 0;
  }

  async function send(dryRun) {
    clearErrors();
    replace(results);
    if (!complete()) {
      return null;
    }
    preview.disabled = true;
    create.disabled = true;
    try {
      return await post(`/admin/v1/models${dryRun ? '?dry_run=true' : ''}`, spec());
    } catch (e) {
      showFailure(e);
      return null;
    } finally {
      preview.disabled = false;
      create.disabled = false;
    }
  }

  preview.addEventListener('click', async () => {
    const answer = await send(true);
    if (!answer) {
      return;
    }
    const changes = answer.body.changes || [];
    replace(results, h('h3', { id: 'new-model-diff', class: 'small-title' },
      'Changes creating it would make'),
    changeList(changes, { testid: 'diff', 'aria-labelledby': 'new-model-diff' }));
    announce(`${changes.length} change(s); nothing created yet.`);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const alias = spec().name;
    const answer = await send(false);
    if (!answer) {
      return;
    }
    form.hidden = true;
    newModel.setAttribute('aria-expanded', 'false');
    showStatus(status, `Model ${alias} created (routing version ${answer.body.version}); every`
      + ' gateway serves it within about a second.', 'ok');
    await load();
    const link = list.querySelector(`[data-testid="model-row"][data-name="${CSS.escape(alias)}"]`
      + ' [data-testid="edit-model"]');
    (link || newModel).focus();
  });

  // --- the list, with delete

  async function load() {
    try {
      models = (await get('/admin/v1/models')).body;
    } catch (e) {
      replace(list, errorBox(e));
      return;
    }
    replace(list, h('p', { class: 'muted' }, `Routing version ${models.version}.`),
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
          h('span', { class: 'row-actions' },
            h('a', { href: `#/models/${encodeURIComponent(m.name)}`, testid: 'edit-model',
              'aria-label': `Edit ${m.name}` }, 'Edit'),
            h('button', { type: 'button', class: 'danger small', testid: 'delete-model',
              'aria-label': `Delete ${m.name}`, onclick: () => remove(m) }, 'Delete')),
        ] })),
        rowAttrs: (row, i) => ({ testid: 'model-row', dataset: { name: models.data[i].name } }),
        empty: 'No model aliases.',
      }));
  }

  async function remove(m) {
    replace(problems);
    if (!await confirmDialog(`Delete the model ${m.name}? Requests for it are refused (404) on`
      + ' every gateway within about a second. A rollback restores it.',
    { title: 'Delete model', action: 'Delete' })) {
      return;
    }
    try {
      const answer = await del(`/admin/v1/models/${encodeURIComponent(m.name)}`,
        { headers: m.etag ? { 'If-Match': m.etag } : {} });
      showStatus(status, `Model ${m.name} deleted (routing version ${answer.body.version}).`,
        'ok');
      await Promise.all([load(), loadHistory()]);
      newModel.focus();
    } catch (e) {
      showRemoveFailure(m, e);
    }
  }

  function showRemoveFailure(m, e) {
    showStatus(status, '', 'info');
    if (e.status === 412) {
      const reload = h('button', { type: 'button', testid: 'reload', onclick: async () => {
        replace(problems);
        await Promise.all([load(), loadHistory()]);
        newModel.focus();
      } }, 'Reload the list');
      replace(problems, h('div', { class: 'notice warning', testid: 'conflict' },
        h('p', {}, `Someone else changed ${m.name} since this list was loaded (HTTP 412): `
          + `${e.message}`), h('p', {}, 'Reload, check it, and delete it again if you still'
          + ' mean to.'), reload));
      reload.focus();
      return;
    }
    replace(problems, h('div', { class: 'notice error' },
      h('p', {}, `${m.name} was not deleted (HTTP ${e.status}):`),
      h('ul', {}, errorPairs(e).map(([path, message]) => h('li', { testid: 'field-error' },
        path ? `${path}: ${message}` : message)))));
    announce(`${m.name} was not deleted: ${e.message}`);
  }

  // --- routing history and rollback

  async function loadHistory() {
    try {
      const versions = (await get('/admin/v1/routing/history?limit=20')).body.data;
      replace(history, table({
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
      replace(history, errorBox(e));
    }
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

  await Promise.all([load(), loadHistory()]);
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
