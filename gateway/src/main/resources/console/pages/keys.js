// Virtual keys: create (the key is shown once), edit (team, models, limits, budget; the key
// itself is kept and never shown again), rotate, revoke (confirmed in a dialog), with their
// team, models, limits, budget and expiry.

import { get, post, put, del } from '../api.js';
import { h, replace, heading, table, field, fmtTime, fmtLimits, fmtBudget, errorBox,
  confirmDialog, statusLine, showStatus, describeError, announce, LIMITS, readLimits,
  readBudget, fillQuota } from '../ui.js';

export async function render(root) {
  const newKey = h('button', { type: 'button', testid: 'new-key', 'aria-expanded': 'false',
    'aria-controls': 'key-form' }, 'New key');
  const status = statusLine();
  const reveal = h('div', { 'aria-live': 'polite' });
  const form = createForm();
  const editor = editForm();
  const list = h('div');
  root.append(heading('Keys', newKey), status, reveal, form, editor.form, list);

  newKey.addEventListener('click', () => {
    form.hidden = !form.hidden;
    newKey.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) {
      editor.form.hidden = true;
      form.querySelector('input').focus();
    }
  });

  function createForm() {
    const name = field('Name', { type: 'text', testid: 'key-name', required: true,
      autocomplete: 'off' });
    const team = field('Team', { type: 'text', testid: 'key-team', autocomplete: 'off' },
      'Optional: the team whose limits and budget also apply.');
    const models = field('Models', { type: 'text', autocomplete: 'off' },
      'Comma-separated aliases this key may use; empty: all.');
    const limits = LIMITS.map((l) => field(l, { type: 'number', min: 0, step: 1 }));
    const usd = field('Budget (USD)', { type: 'number', min: 0, step: '0.01' });
    const period = field('Budget period', { tag: 'select', value: 'month',
      options: [['month', 'month'], ['day', 'day']] });
    const hard = h('input', { type: 'checkbox', id: 'key-budget-hard', checked: true });
    const expires = field('Expires at', { type: 'text', placeholder: '2027-01-31T00:00:00Z' },
      'Optional, an ISO-8601 instant (UTC).');
    const create = h('button', { type: 'submit', testid: 'create-key' }, 'Create key');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const error = h('div', { role: 'alert' });
    const f = h('form', { id: 'key-form', class: 'card', hidden: true, novalidate: true },
      h('h2', {}, 'New key'), error,
      h('div', { class: 'grid' }, name.wrap, team.wrap, models.wrap, expires.wrap),
      h('fieldset', {}, h('legend', {}, 'Limits (empty: none)'),
        h('div', { class: 'grid' }, limits.map((l) => l.wrap))),
      h('fieldset', {}, h('legend', {}, 'Budget (empty: none)'),
        h('div', { class: 'grid' }, usd.wrap, period.wrap,
          h('div', { class: 'field checkbox' }, hard,
            h('label', { for: 'key-budget-hard' }, 'Hard (refuse requests over budget)')))),
      h('div', { class: 'toolbar' }, create, cancel));
    cancel.addEventListener('click', () => {
      f.hidden = true;
      newKey.setAttribute('aria-expanded', 'false');
      newKey.focus();
    });
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(error);
      if (!name.input.value.trim()) {
        error.append(h('p', { class: 'field-error' }, 'A key needs a name.'));
        name.input.focus();
        return;
      }
      const spec = { name: name.input.value.trim() };
      if (team.input.value.trim()) {
        spec.team = team.input.value.trim();
      }
      const m = models.input.value.split(',').map((s) => s.trim()).filter(Boolean);
      if (m.length) {
        spec.models = m;
      }
      const l = readLimits(limits);
      if (Object.keys(l).length) {
        spec.limits = l;
      }
      const budget = readBudget(usd, period, hard);
      if (budget) {
        spec.budget = budget;
      }
      if (expires.input.value.trim()) {
        spec.expires_at = expires.input.value.trim();
      }
      create.disabled = true;
      try {
        const issued = (await post('/admin/v1/keys', spec)).body;
        f.reset();
        f.hidden = true;
        newKey.setAttribute('aria-expanded', 'false');
        showKey(`Key ${issued.name} created.`, issued.key);
        await load();
      } catch (e) {
        error.append(h('p', { class: 'field-error', testid: 'field-error' }, describeError(e)));
      } finally {
        create.disabled = false;
      }
    });
    return f;
  }

  /**
   * The editor of a stored key: its team, models, limits and budget. The PUT sends the whole
   * key (name, expiry and metadata as stored), as the API replaces it; the key itself is kept.
   */
  function editForm() {
    let editing = null;
    let opener = null;
    const title = h('h2', { id: 'key-edit-title' }, 'Edit key');
    const team = field('Team', { type: 'text', autocomplete: 'off', 'data-path': 'team' },
      'Empty: no team.');
    const models = field('Models', { type: 'text', autocomplete: 'off', 'data-path': 'models' },
      'Comma-separated aliases this key may use; empty: all.');
    const limits = LIMITS.map((l) => field(l, { type: 'number', min: 0, step: 1,
      'data-path': `limits.${l}` }));
    const usd = field('Budget (USD)', { type: 'number', min: 0, step: '0.01',
      'data-path': 'budget.usd' });
    const period = field('Budget period', { tag: 'select', value: 'month',
      options: [['month', 'month'], ['day', 'day']], 'data-path': 'budget.period' });
    const hard = h('input', { type: 'checkbox', id: 'key-edit-budget-hard', checked: true,
      'data-path': 'budget.hard' });
    const save = h('button', { type: 'submit', testid: 'save-key' }, 'Save key');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const error = h('div', { role: 'alert' });
    const f = h('form', { id: 'key-edit-form', class: 'card', hidden: true, novalidate: true,
      testid: 'key-editor', 'aria-labelledby': 'key-edit-title' },
    title, h('p', { class: 'muted' }, 'The key itself is kept and is not shown again; rotate it'
      + ' for a new one.'), error,
    h('div', { class: 'grid' }, team.wrap, models.wrap),
    h('fieldset', {}, h('legend', {}, 'Limits (empty: none)'),
      h('div', { class: 'grid' }, limits.map((l) => l.wrap))),
    h('fieldset', {}, h('legend', {}, 'Budget (empty: none)'),
      h('div', { class: 'grid' }, usd.wrap, period.wrap,
        h('div', { class: 'field checkbox' }, hard,
          h('label', { for: 'key-edit-budget-hard' }, 'Hard (refuse requests over budget)')))),
    h('div', { class: 'toolbar' }, save, cancel));

    function close() {
      f.hidden = true;
      editing = null;
      if (opener && opener.isConnected) {
        opener.focus();
      }
    }
    cancel.addEventListener('click', close);

    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(error);
      const k = editing;
      const spec = { name: k.name, models: models.input.value.split(',').map((x) => x.trim())
        .filter(Boolean), metadata: k.metadata || {} };
      if (team.input.value.trim()) {
        spec.team = team.input.value.trim();
      }
      if (k.expires_at) {
        spec.expires_at = k.expires_at;
      }
      spec.limits = readLimits(limits);
      const budget = readBudget(usd, period, hard);
      if (budget) {
        spec.budget = budget;
      }
      save.disabled = true;
      try {
        await put(`/admin/v1/keys/${encodeURIComponent(k.id)}`, spec);
        f.hidden = true;
        editing = null;
        showStatus(status, `Key ${k.name} saved.`, 'ok');
        await load();
        const again = list.querySelector(`[data-testid="key-row"][data-id="${CSS.escape(k.id)}"]`
          + ' [data-testid="edit-key"]');
        (again || newKey).focus();
      } catch (e) {
        error.append(h('p', { class: 'field-error', testid: 'field-error', tabindex: '-1' },
          describeError(e)));
        error.firstElementChild.focus();
      } finally {
        save.disabled = false;
      }
    });

    function open(k) {
      opener = document.activeElement;
      editing = k;
      f.reset();
      replace(error);
      title.textContent = `Edit key ${k.name}`;
      team.input.value = k.team || '';
      models.input.value = (k.models || []).join(', ');
      fillQuota(k, limits, usd, period, hard);
      f.hidden = false;
      form.hidden = true;
      newKey.setAttribute('aria-expanded', 'false');
      team.input.focus();
    }

    return { form: f, open };
  }

  /** Shows a new plaintext key once; it is dropped from the page when dismissed or left. */
  function showKey(message, plaintext) {
    const code = h('code', { testid: 'created-key', class: 'secret', id: 'created-key' },
      plaintext);
    const copy = h('button', { type: 'button', testid: 'copy-key',
      'aria-describedby': 'created-key' }, 'Copy');
    const done = h('button', { type: 'button', class: 'secondary' }, 'Done, I stored it');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(plaintext);
        announce('Key copied to the clipboard.');
        copy.textContent = 'Copied';
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        announce('Copying is not allowed here: the key is selected, press Ctrl+C.');
      }
    });
    done.addEventListener('click', () => {
      replace(reveal);
      newKey.focus();
    });
    replace(reveal, h('div', { class: 'notice ok', role: 'region', 'aria-label': 'New key' },
      h('p', {}, message, ' Copy it now: it is shown only this once.'),
      h('p', { class: 'key-line' }, code, ' ', copy, ' ', done)));
    copy.focus();
  }

  async function load() {
    let keys;
    try {
      keys = (await get('/admin/v1/keys')).body.data;
    } catch (e) {
      replace(list, errorBox(e));
      return;
    }
    replace(list, table({
      caption: 'Virtual keys',
      columns: [{ label: 'Name' }, { label: 'Prefix' }, { label: 'Team' }, { label: 'Models' },
        { label: 'Limits' }, { label: 'Budget' }, { label: 'Created' }, { label: 'Expires' },
        { label: 'Status' }, { label: 'Actions' }],
      rows: keys.map((k) => ({ cells: [
        k.name, h('code', {}, k.key_prefix || '–'), k.team || '–',
        (k.models || []).join(', ') || 'all', fmtLimits(k.limits), fmtBudget(k.budget),
        fmtTime(k.created_at), fmtTime(k.expires_at),
        k.revoked_at ? h('span', { class: 'badge bad' }, 'revoked') : h('span',
          { class: 'badge ok' }, 'active'),
        k.revoked_at ? '–' : h('span', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small', testid: 'edit-key',
            'aria-label': `Edit ${k.name}`, 'aria-controls': 'key-edit-form',
            onclick: () => editor.open(k) }, 'Edit'),
          h('button', { type: 'button', class: 'secondary small', testid: 'rotate-key',
            'aria-label': `Rotate ${k.name}`, onclick: () => rotate(k) }, 'Rotate'),
          h('button', { type: 'button', class: 'danger small', testid: 'revoke-key',
            'aria-label': `Revoke ${k.name}`, onclick: () => revoke(k) }, 'Revoke')),
      ] })),
      rowAttrs: (row, i) => ({ testid: 'key-row', dataset: { name: keys[i].name,
        id: keys[i].id } }),
      empty: 'No virtual keys yet.',
    }));
  }

  async function rotate(k) {
    if (!await confirmDialog(`Rotate ${k.name}? Its current key stops working now; a new one`
      + ' is shown once.', { title: 'Rotate key', action: 'Rotate' })) {
      return;
    }
    try {
      const issued = (await post(`/admin/v1/keys/${encodeURIComponent(k.id)}/rotate`)).body;
      await load();
      showKey(`Key ${k.name} rotated.`, issued.key);
    } catch (e) {
      showStatus(status, describeError(e), 'error');
    }
  }

  async function revoke(k) {
    if (!await confirmDialog(`Revoke ${k.name}? Requests with it are refused from now on.`
      + ' This cannot be undone.', { title: 'Revoke key', action: 'Revoke' })) {
      return;
    }
    try {
      await del(`/admin/v1/keys/${encodeURIComponent(k.id)}`);
      await load();
      showStatus(status, `Key ${k.name} revoked.`, 'ok');
    } catch (e) {
      showStatus(status, describeError(e), 'error');
    }
  }

  await load();
  return () => replace(reveal);
}
