// The editor of one model alias: the JSON /admin/v1/models/{alias} answers, edited through a form
// (deployments, fallbacks, limits) or as JSON. "Preview changes" is a dry run showing the diff;
// Save replaces the alias with If-Match (412: someone else changed it). Validation errors are
// shown next to the field their path names (models[0].deployments[1].weight → that input).

import { get, put } from '../api.js';
import { h, replace, heading, errorBox, describeError, announce, changeList } from '../ui.js';

const LIMITS = ['rpm', 'tpm', 'input_tpm', 'output_tpm', 'concurrent', 'tokens_per_day'];
const FALLBACK_KINDS = ['general', 'context_length', 'content_filter', 'rate_limit'];

export async function render(root, alias) {
  const path = `/admin/v1/models/${encodeURIComponent(alias)}`;
  root.append(heading(`Edit model ${alias}`,
    h('a', { href: '#/models', class: 'button secondary' }, 'Back to models')));
  let loaded;
  try {
    loaded = await get(path);
  } catch (e) {
    root.append(errorBox(e));
    return;
  }
  let etag = loaded.etag || loaded.body.etag;
  let draft = clean(loaded.body);
  let errorCount = 0;

  const topErrors = h('div', { class: 'top-errors', role: 'alert' });
  const form = h('form', { class: 'editor', novalidate: true });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const json = h('textarea', { id: 'model-json', rows: 18, spellcheck: 'false', class: 'code',
    'data-path': '' });
  const preview = h('button', { type: 'button', class: 'secondary', testid: 'preview-changes' },
    'Preview changes');
  const save = h('button', { type: 'submit', testid: 'save' }, 'Save');
  const reset = h('button', { type: 'button', class: 'secondary' }, 'Discard edits');
  root.append(h('p', { class: 'muted' }, `Routing version ${loaded.body.version}. ETag `,
    h('code', {}, etag || '–'), '.'), topErrors, form, results);

  function clean(item) {
    const copy = JSON.parse(JSON.stringify(item));
    delete copy.etag;
    delete copy.version;
    return copy;
  }

  // --- the form, drawn from the draft

  function input(dataPath, label, value, attrs = {}, onValue) {
    const id = `in-${dataPath.replace(/[^a-zA-Z0-9]/g, '-')}`;
    const el = h('input', { id, 'data-path': dataPath, value: value ?? '', ...attrs });
    el.addEventListener('input', () => {
      onValue(el.type === 'checkbox' ? el.checked : el.value);
      syncJson();
    });
    el.addEventListener('change', () => {
      if (el.type === 'checkbox') {
        onValue(el.checked);
        syncJson();
      }
    });
    return { el, label: h('label', { for: id }, label) };
  }

  function number(value) {
    if (value === '' || value === null || value === undefined) {
      return undefined;
    }
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }

  function setOrDelete(object, key, value) {
    if (value === undefined || value === '') {
      delete object[key];
    } else {
      object[key] = value;
    }
  }

  function drawForm() {
    const description = input('description', 'Description', draft.description, { type: 'text' },
      (v) => setOrDelete(draft, 'description', v || undefined));

    const deployments = draft.deployments || (draft.deployments = []);
    const rows = deployments.map((d, i) => {
      const cell = (field, label, attrs, convert = (v) => v) => {
        const f = input(`deployments[${i}].${field}`, label, field === 'weight'
          ? (d.weight ?? 1) : d[field], attrs, (v) => setOrDelete(d, field, convert(v)));
        f.label.classList.add('visually-hidden');
        return h('td', {}, f.label, f.el);
      };
      const shadow = input(`deployments[${i}].shadow`, `Deployment ${i + 1} is a shadow`, null,
        { type: 'checkbox', checked: Boolean(d.shadow) }, (v) => setOrDelete(d, 'shadow',
          v ? true : undefined));
      shadow.label.classList.add('visually-hidden');
      const tr = h('tr', { testid: 'deployment-row', dataset: { index: String(i) },
        'data-path': `deployments[${i}]` },
      h('th', { scope: 'row' }, String(i + 1)),
      cell('provider', `Deployment ${i + 1} provider`, { type: 'text', required: true }),
      cell('model', `Deployment ${i + 1} model`, { type: 'text', required: true }),
      cell('weight', `Deployment ${i + 1} weight`, { type: 'number', min: 1, step: 1,
        class: 'narrow', testid: 'deployment-weight' }, number),
      cell('priority', `Deployment ${i + 1} priority`, { type: 'number', step: 1,
        class: 'narrow' }, number),
      cell('timeout', `Deployment ${i + 1} timeout`, { type: 'text', class: 'narrow',
        placeholder: 'e.g. 30s' }),
      h('td', {}, shadow.label, shadow.el),
      h('td', {}, h('button', { type: 'button', class: 'secondary small',
        'aria-label': `Remove deployment ${i + 1}`, onclick: () => {
          deployments.splice(i, 1);
          redraw();
        } }, 'Remove')));
      return tr;
    });
    const deploymentTable = h('div', { class: 'table-wrap', 'data-path': 'deployments' },
      h('table', {}, h('caption', {}, 'Deployments (traffic is shared by weight)'),
        h('thead', {}, h('tr', {}, ['#', 'Provider', 'Model', 'Weight', 'Priority', 'Timeout',
          'Shadow', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows)));
    const add = h('button', { type: 'button', class: 'secondary', onclick: () => {
      deployments.push({ provider: '', model: '', weight: 1 });
      redraw();
      const last = form.querySelector(`[data-path="deployments[${deployments.length - 1}]`
        + '.provider"]');
      if (last) {
        last.focus();
      }
    } }, 'Add deployment');

    let fallbackFields;
    if (draft.fallbacks && !Array.isArray(draft.fallbacks)) {
      fallbackFields = FALLBACK_KINDS.map((kind) => {
        const f = input(`fallbacks.${kind}`, kind.replace('_', ' '),
          (draft.fallbacks[kind] || []).join(', '), { type: 'text' },
          (v) => setOrDelete(draft.fallbacks, kind, list(v)));
        return h('div', { class: 'field' }, f.label, f.el);
      });
    } else {
      const f = input('fallbacks', 'Fallback aliases, in order (comma-separated)',
        (draft.fallbacks || []).join(', '), { type: 'text' },
        (v) => setOrDelete(draft, 'fallbacks', list(v)));
      fallbackFields = [h('div', { class: 'field wide' }, f.label, f.el)];
    }

    const limits = draft.limits || {};
    const limitFields = LIMITS.map((name) => {
      const f = input(`limits.${name}`, name, limits[name], { type: 'number', min: 0, step: 1 },
        (v) => {
          const current = draft.limits || (draft.limits = {});
          setOrDelete(current, name, number(v));
          if (Object.values(current).every((x) => x === null || x === undefined)) {
            delete draft.limits;
          }
        });
      return h('div', { class: 'field' }, f.label, f.el);
    });

    replace(form,
      h('div', { class: 'field' }, description.label, description.el),
      h('fieldset', { 'data-path': 'deployments-set' }, h('legend', {}, 'Deployments'),
        deploymentTable, add),
      h('fieldset', { 'data-path': 'fallbacks-set' }, h('legend', {}, 'Fallbacks'),
        h('div', { class: 'grid' }, fallbackFields)),
      h('fieldset', { 'data-path': 'limits' }, h('legend', {}, 'Limits (empty: none)'),
        h('div', { class: 'grid' }, limitFields)),
      h('details', { class: 'card' }, h('summary', {}, 'Advanced: the alias as JSON'),
        h('label', { for: 'model-json' }, 'JSON in the configuration schema (routing, cache,'
          + ' tokenizer, deployment options and prices…)'), json,
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'secondary',
          onclick: applyJson }, 'Apply JSON to the form'))),
      h('div', { class: 'toolbar actions' }, preview, save, reset));
    syncJson();
  }

  function list(value) {
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    return names.length ? names : undefined;
  }

  function syncJson() {
    json.value = JSON.stringify(draft, null, 2);
  }

  function applyJson() {
    clearErrors();
    try {
      const parsed = JSON.parse(json.value);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('the alias must be a JSON object');
      }
      draft = parsed;
      redraw();
      announce('JSON applied to the form.');
    } catch (e) {
      showError('', `The JSON does not parse: ${e.message}`);
    }
  }

  function redraw() {
    const focusedPath = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.path : null;
    drawForm();
    if (focusedPath) {
      const again = form.querySelector(`[data-path="${CSS.escape(focusedPath)}"]`);
      if (again) {
        again.focus();
      }
    }
  }

  // --- errors next to their fields

  function clearErrors() {
    root.querySelectorAll('[data-testid="field-error"]').forEach((e) => e.remove());
    root.querySelectorAll('[aria-invalid="true"]').forEach((e) => {
      e.removeAttribute('aria-invalid');
      e.removeAttribute('aria-describedby');
    });
    replace(topErrors);
  }

  /** The element a path names: itself, else its nearest ancestor path shown in the form. */
  function target(fieldPath) {
    let p = fieldPath;
    while (p) {
      const el = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
      if (el && p !== '') {
        return el;
      }
      const shorter = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      if (shorter === p) {
        break;
      }
      p = shorter;
    }
    return null;
  }

  function showError(fieldPath, message) {
    const id = `field-error-${++errorCount}`;
    const el = fieldPath ? target(fieldPath) : null;
    const note = h('p', { class: 'field-error', testid: 'field-error', id,
      dataset: { field: fieldPath || '' } }, fieldPath ? `${fieldPath}: ${message}` : message);
    if (!el) {
      topErrors.append(note);
      return null;
    }
    if (el.tagName === 'TR') {
      el.lastElementChild.append(note);
    } else if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') {
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-describedby', id);
      el.insertAdjacentElement('afterend', note);
    } else {
      el.append(note);
    }
    return el;
  }

  /** Splits "Invalid routing: a.b: msg; c[0].d: msg" into [path, message] pairs. */
  function errorsOf(error) {
    const text = error.message.replace(/^Invalid routing:\s*/, '');
    return text.split(/;\s+(?=[A-Za-z_][\w.[\]-]*:\s)/).map((part) => {
      const m = part.match(/^([A-Za-z_][\w.[\]-]*):\s+(.*)$/s);
      if (m && (m[1].includes('.') || m[1].includes('[') || m[1] === 'name'
        || form.querySelector(`[data-path="${CSS.escape(m[1])}"]`))) {
        return [relative(m[1]), m[2]];
      }
      return [error.param ? relative(error.param) : '', part];
    });
  }

  /** A document path made relative to this alias (models[3].x → x). */
  function relative(p) {
    return p.replace(/^models\[\d+\]\.?/, '').replace(/^models\.[^.[\]]+\.?/, '');
  }

  function showFailure(e) {
    if (e.status === 412) {
      showConflict(e);
      return;
    }
    if (e.status === 400 || e.status === 422) {
      errorsOf(e).forEach(([p, message]) => showError(p, message));
      announce(`The change is invalid: ${e.message}`);
      // the first problem in reading order: a top error, else the first invalid field
      const first = root.querySelector('.top-errors [data-testid="field-error"], '
        + '[aria-invalid="true"], [data-testid="field-error"]');
      if (first) {
        if (first.dataset.testid === 'field-error') {
          first.setAttribute('tabindex', '-1');
        }
        first.focus();
      }
      return;
    }
    topErrors.append(h('p', { class: 'field-error', testid: 'field-error' }, describeError(e)));
  }

  function showConflict(e) {
    const reload = h('button', { type: 'button', testid: 'reload', onclick: () => {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } }, 'Reload (discards your edits)');
    replace(results, h('div', { class: 'notice warning', role: 'alert', testid: 'conflict' },
      h('p', {}, `Someone else changed ${alias} since you opened it (HTTP 412): ${e.message}`),
      h('p', {}, 'Reload to edit the newest version; copy your edits from the JSON first if'
        + ' you need them.'), reload));
    reload.focus();
  }

  // --- preview and save

  function body() {
    const out = JSON.parse(JSON.stringify(draft));
    out.name = alias;
    return out;
  }

  async function send(dryRun) {
    clearErrors();
    replace(results);
    preview.disabled = true;
    save.disabled = true;
    try {
      return await put(`${path}${dryRun ? '?dry_run=true' : ''}`, body(),
        { headers: etag ? { 'If-Match': etag } : {} });
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
    replace(results, h('h2', { id: 'diff-title' }, 'Changes this would make'),
      changeList(changes, { testid: 'diff', 'aria-labelledby': 'diff-title' }));
    announce(changes.length ? `${changes.length} change(s); nothing saved yet.` : 'No changes.');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await send(false);
    if (!answer) {
      return;
    }
    const saved = answer.body;
    if (saved.model) {
      etag = answer.etag || saved.model.etag || etag;
      loaded = { body: { ...saved.model, version: saved.version } };
      draft = clean(saved.model);
      redraw();
    }
    const changes = saved.changes || [];
    replace(results, h('p', { class: 'notice ok', role: 'status', testid: 'saved' },
      changes.length ? `Saved as routing version ${saved.version}: every gateway serves it within`
        + ' about a second.' : `Nothing changed (routing version ${saved.version}).`),
    changes.length ? h('ul', { class: 'diff' }, changes.map((c) => h('li', {},
      h('code', {}, c)))) : null);
  });

  reset.addEventListener('click', () => {
    draft = clean(loaded.body);
    clearErrors();
    replace(results);
    redraw();
    announce('Edits discarded.');
  });

  drawForm();
}
