// Providers: the upstreams deployments name. Each is edited as the JSON /admin/v1/providers/{name}
// answers (secrets as ***, which keeps the stored value when sent back); "Preview changes" is a
// dry run listing the diff, Save a PUT with If-Match (412: someone else changed it). New ones are
// POSTed; deletes are confirmed in the dialog. Validation errors are listed with their paths.

import { get, post, put, del } from '../api.js';
import { h, replace, heading, table, field, errorBox, confirmDialog, statusLine, showStatus,
  describeError, announce, errorPairs, changeList } from '../ui.js';

/** What a new provider starts from (an OpenAI-compatible upstream, its key a reference). */
const TEMPLATE = { type: 'openai', base_url: '', api_key: 'env:UPSTREAM_API_KEY' };

export async function render(root) {
  const newProvider = h('button', { type: 'button', testid: 'new-provider',
    'aria-controls': 'provider-form', 'aria-expanded': 'false' }, 'New provider');
  const status = statusLine();
  const problems = h('div', { role: 'alert' });
  const list = h('div');
  /** The provider edited: {name, etag}, or null for a new one. */
  let editing = null;
  let errorCount = 0;

  const title = h('h2', { id: 'provider-form-title' }, 'New provider');
  const name = field('Name', { type: 'text', testid: 'provider-name', required: true,
    autocomplete: 'off' }, 'The name deployments use, e.g. openai-eu. It cannot be changed.');
  const json = h('textarea', { id: 'provider-json', testid: 'provider-json', rows: 14,
    spellcheck: 'false', class: 'code', 'aria-describedby': 'provider-json-hint' });
  const hint = h('div', { id: 'provider-json-hint', class: 'muted' },
    h('p', {}, 'The provider in the configuration file\'s schema; its ', h('code', {}, 'type'),
      ' is one of openai, ollama, bedrock, vertex, huggingface, sagemaker, triton, local.'),
    h('p', {}, 'Secrets are shown as ', h('code', {}, '***'), ': leave ', h('code', {}, '***'),
      ' to keep the stored secret. Prefer references to literal secrets: ',
      h('code', {}, 'env:NAME'), ' (an environment variable of every gateway) or ',
      h('code', {}, 'file:/path'), ' (a file on every gateway); a literal secret is stored in'
      + ' the state store.'));
  const formErrors = h('div', { class: 'top-errors', role: 'alert' });
  const preview = h('button', { type: 'button', class: 'secondary', testid: 'preview-changes' },
    'Preview changes');
  const save = h('button', { type: 'submit', testid: 'save-provider' }, 'Save');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Close');
  const results = h('div', { 'aria-live': 'polite' });
  const etagLine = h('p', { class: 'muted' });
  const form = h('form', { id: 'provider-form', class: 'card', hidden: true, novalidate: true,
    'aria-labelledby': 'provider-form-title' },
  title, etagLine, formErrors, name.wrap,
  h('div', { class: 'field' }, h('label', { for: 'provider-json' }, 'Provider JSON'), json, hint),
  results, h('div', { class: 'toolbar actions' }, preview, save, cancel));
  root.append(heading('Providers', newProvider), status, problems, form, list);

  newProvider.addEventListener('click', () => (form.hidden || editing ? open(null) : close()));
  cancel.addEventListener('click', close);

  async function open(provider) {
    clearErrors();
    replace(results);
    replace(problems);
    if (provider) {
      let answer;
      try {
        answer = await get(`/admin/v1/providers/${encodeURIComponent(provider.name)}`);
      } catch (e) {
        showStatus(status, describeError(e), 'error');
        return;
      }
      const shown = { ...answer.body };
      delete shown.name;
      delete shown.etag;
      delete shown.version;
      editing = { name: provider.name, etag: answer.etag || answer.body.etag };
      title.textContent = `Edit provider ${provider.name}`;
      replace(etagLine, `Routing version ${answer.body.version}. ETag `,
        h('code', {}, editing.etag || '–'), '.');
      json.value = JSON.stringify(shown, null, 2);
      name.wrap.hidden = true;
      save.textContent = 'Save';
    } else {
      editing = null;
      title.textContent = 'New provider';
      replace(etagLine);
      json.value = JSON.stringify(TEMPLATE, null, 2);
      name.input.value = '';
      name.wrap.hidden = false;
      save.textContent = 'Create provider';
    }
    form.hidden = false;
    newProvider.setAttribute('aria-expanded', String(!editing));
    (editing ? json : name.input).focus();
  }

  function close() {
    const was = editing;
    form.hidden = true;
    editing = null;
    newProvider.setAttribute('aria-expanded', 'false');
    const back = was ? list.querySelector(`[data-testid="provider-row"][data-name="`
      + `${CSS.escape(was.name)}"] [data-testid="edit-provider"]`) : null;
    (back || newProvider).focus();
  }

  // --- errors

  function clearErrors() {
    form.querySelectorAll('[data-testid="field-error"]').forEach((e) => e.remove());
    [json, name.input].forEach((e) => e.removeAttribute('aria-invalid'));
    json.setAttribute('aria-describedby', 'provider-json-hint');
    replace(formErrors);
  }

  /** Problems with a path go under the JSON (the name's under the name); others on top. */
  function showFailure(e) {
    if (e.status === 412) {
      showConflict(e);
      return;
    }
    const current = providerName();
    if (e.status === 409 || (e.status === 400 && e.param === 'name')) {
      fieldError(name.input, e.message);
    } else if (e.status === 400 || e.status === 422) {
      const notes = errorPairs(e).map(([path, message]) => {
        const own = path === `providers.${current}` || path.startsWith(`providers.${current}.`)
          || path.startsWith(`providers.${current}[`);
        return { own, note: h('p', { class: 'field-error', testid: 'field-error',
          id: `field-error-${++errorCount}`, dataset: { field: path } },
        path ? `${path}: ${message}` : message) };
      });
      const mine = notes.filter((n) => n.own).map((n) => n.note);
      if (mine.length) {
        const box = h('div', { testid: 'json-errors' }, mine);
        json.insertAdjacentElement('afterend', box);
        json.setAttribute('aria-invalid', 'true');
        json.setAttribute('aria-describedby', `${mine.map((n) => n.id).join(' ')}`
          + ' provider-json-hint');
      }
      notes.filter((n) => !n.own).forEach((n) => formErrors.append(n.note));
    } else {
      formErrors.append(h('p', { class: 'field-error', testid: 'field-error' },
        describeError(e)));
    }
    announce(`The change is invalid: ${e.message}`);
    const first = formErrors.firstElementChild || form.querySelector('[aria-invalid="true"]');
    if (first) {
      if (first.dataset.testid === 'field-error') {
        first.setAttribute('tabindex', '-1');
      }
      first.focus();
    }
  }

  function fieldError(input, message) {
    const id = `field-error-${++errorCount}`;
    input.setAttribute('aria-invalid', 'true');
    input.insertAdjacentElement('afterend', h('p', { class: 'field-error', testid: 'field-error',
      id }, message));
  }

  function showConflict(e) {
    const reload = h('button', { type: 'button', testid: 'reload',
      onclick: () => open({ name: editing.name }) }, 'Reload (discards your edits)');
    replace(results, h('div', { class: 'notice warning', role: 'alert', testid: 'conflict' },
      h('p', {}, `Someone else changed ${editing.name} since you opened it (HTTP 412): `
        + `${e.message}`),
      h('p', {}, 'Copy your edits from the JSON first if you need them.'), reload));
    reload.focus();
  }

  // --- preview and save

  function providerName() {
    return editing ? editing.name : name.input.value.trim();
  }

  /** The JSON to send, or null (with the problem shown) when it does not parse. */
  function body() {
    let parsed;
    try {
      parsed = JSON.parse(json.value);
    } catch (e) {
      fieldError(json, `The JSON does not parse: ${e.message}`);
      json.focus();
      return null;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      fieldError(json, 'A provider is a JSON object, e.g. {"type": "openai", …}.');
      json.focus();
      return null;
    }
    return { ...parsed, name: providerName() };
  }

  async function send(dryRun) {
    clearErrors();
    replace(results);
    if (!providerName()) {
      fieldError(name.input, 'A provider needs a name.');
      name.input.focus();
      return null;
    }
    const item = body();
    if (!item) {
      return null;
    }
    const suffix = dryRun ? '?dry_run=true' : '';
    preview.disabled = true;
    save.disabled = true;
    try {
      return editing
        ? await put(`/admin/v1/providers/${encodeURIComponent(editing.name)}${suffix}`, item,
          { headers: editing.etag ? { 'If-Match': editing.etag } : {} })
        : await post(`/admin/v1/providers${suffix}`, item);
    } catch (e) {
      showFailure(e);
      return null;
    } finally {
      preview.disabled = false;
      save.disabled = false;
    }
  }

  preview.addEventListener('click', async () => {
    const answer = await send(true);
    if (!answer) {
      return;
    }
    const changes = answer.body.changes || [];
    replace(results, h('h3', { id: 'provider-diff', class: 'small-title' },
      'Changes this would make'),
    changeList(changes, { testid: 'diff', 'aria-labelledby': 'provider-diff' }));
    announce(changes.length ? `${changes.length} change(s); nothing saved yet.` : 'No changes.');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const created = !editing;
    const answer = await send(false);
    if (!answer) {
      return;
    }
    const saved = answer.body;
    const changes = saved.changes || [];
    if (saved.provider) {
      const shown = { ...saved.provider };
      delete shown.name;
      delete shown.etag;
      editing = { name: saved.provider.name, etag: answer.etag || saved.provider.etag };
      title.textContent = `Edit provider ${editing.name}`;
      replace(etagLine, `Routing version ${saved.version}. ETag `,
        h('code', {}, editing.etag || '–'), '.');
      json.value = JSON.stringify(shown, null, 2);
      name.wrap.hidden = true;
      save.textContent = 'Save';
      newProvider.setAttribute('aria-expanded', 'false');
    }
    replace(results, h('p', { class: 'notice ok', role: 'status', testid: 'saved' },
      changes.length ? `${created ? 'Created' : 'Saved'} as routing version ${saved.version}:`
        + ' every gateway uses it within about a second.'
        : `Nothing changed (routing version ${saved.version}).`),
    changes.length ? changeList(changes) : null);
    await load();
  });

  // --- the list, with delete

  async function remove(p) {
    replace(problems);
    if (!await confirmDialog(`Delete the provider ${p.name}? Deployments naming it must be`
      + ' removed first. A rollback restores it.', { title: 'Delete provider',
      action: 'Delete' })) {
      return;
    }
    try {
      const answer = await del(`/admin/v1/providers/${encodeURIComponent(p.name)}`,
        { headers: p.etag ? { 'If-Match': p.etag } : {} });
      showStatus(status, `Provider ${p.name} deleted (routing version ${answer.body.version}).`,
        'ok');
      if (editing && editing.name === p.name) {
        close();
      }
      await load();
      newProvider.focus();
    } catch (e) {
      showStatus(status, '', 'info');
      if (e.status === 412) {
        replace(problems, h('div', { class: 'notice warning', testid: 'conflict' },
          h('p', {}, `Someone else changed ${p.name} since this list was loaded (HTTP 412).`
            + ' The list is reloaded: check it, and delete it again if you still mean to.')));
        await load();
        return;
      }
      replace(problems, h('div', { class: 'notice error' },
        h('p', {}, `${p.name} was not deleted (HTTP ${e.status}):`),
        h('ul', {}, errorPairs(e).map(([path, message]) => h('li', { testid: 'field-error' },
          path ? `${path}: ${message}` : message)))));
      announce(`${p.name} was not deleted: ${e.message}`);
    }
  }

  async function load() {
    let providers;
    try {
      providers = (await get('/admin/v1/providers')).body.data;
    } catch (e) {
      replace(list, errorBox(e));
      return;
    }
    const text = (v) => (v === null || v === undefined || v === '' ? '–' : String(v));
    replace(list, table({
      caption: 'Providers',
      columns: [{ label: 'Name' }, { label: 'Type' }, { label: 'Base URL' }, { label: 'Region / location' },
        { label: 'Project' }, { label: 'Actions' }],
      rows: providers.map((p) => ({ cells: [
        p.name, p.type, p.base_url ? h('code', {}, p.base_url) : text(p.endpoint),
        text(p.region || p.location), text(p.project),
        h('span', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small', testid: 'edit-provider',
            'aria-label': `Edit ${p.name}`, 'aria-controls': 'provider-form',
            onclick: () => open(p) }, 'Edit'),
          h('button', { type: 'button', class: 'danger small', testid: 'delete-provider',
            'aria-label': `Delete ${p.name}`, onclick: () => remove(p) }, 'Delete')),
      ] })),
      rowAttrs: (row, i) => ({ testid: 'provider-row', dataset: { name: providers[i].name } }),
      empty: 'No providers.',
    }));
  }

  await load();
}
