// Teams: their limits and budgets (shared by their keys); create, edit, delete.

import { get, post, put, del } from '../api.js';
import { h, replace, heading, table, field, fmtTime, fmtLimits, fmtBudget, errorBox,
  confirmDialog, statusLine, showStatus, describeError, LIMITS, readLimits, readBudget,
  fillQuota } from '../ui.js';

export async function render(root) {
  const newTeam = h('button', { type: 'button', testid: 'new-team', 'aria-controls': 'team-form',
    'aria-expanded': 'false' }, 'New team');
  const status = statusLine();
  const list = h('div');
  let editing = null;

  const name = field('Name', { type: 'text', testid: 'team-name', required: true,
    autocomplete: 'off' });
  const limits = LIMITS.map((l) => field(l, { type: 'number', min: 0, step: 1 }));
  const usd = field('Budget (USD)', { type: 'number', min: 0, step: '0.01' });
  const period = field('Budget period', { tag: 'select', value: 'month',
    options: [['month', 'month'], ['day', 'day']] });
  const hard = h('input', { type: 'checkbox', id: 'team-budget-hard', checked: true });
  const title = h('h2', {}, 'New team');
  const submit = h('button', { type: 'submit', testid: 'save-team' }, 'Create team');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const error = h('div', { role: 'alert' });
  const form = h('form', { id: 'team-form', class: 'card', hidden: true, novalidate: true },
    title, error, h('div', { class: 'grid' }, name.wrap),
    h('fieldset', {}, h('legend', {}, 'Limits (empty: none)'),
      h('div', { class: 'grid' }, limits.map((l) => l.wrap))),
    h('fieldset', {}, h('legend', {}, 'Budget (empty: none)'),
      h('div', { class: 'grid' }, usd.wrap, period.wrap, h('div', { class: 'field checkbox' },
        hard, h('label', { for: 'team-budget-hard' }, 'Hard (refuse requests over budget)')))),
    h('div', { class: 'toolbar' }, submit, cancel));
  root.append(heading('Teams', newTeam), status, form, list);

  function open(team) {
    editing = team;
    form.reset();
    replace(error);
    title.textContent = team ? `Edit team ${team.name}` : 'New team';
    submit.textContent = team ? 'Save team' : 'Create team';
    name.input.value = team ? team.name : '';
    name.input.readOnly = Boolean(team);
    fillQuota(team, limits, usd, period, hard);
    form.hidden = false;
    newTeam.setAttribute('aria-expanded', 'true');
    (team ? limits[0].input : name.input).focus();
  }

  newTeam.addEventListener('click', () => (form.hidden ? open(null) : close()));
  cancel.addEventListener('click', close);

  function close() {
    form.hidden = true;
    newTeam.setAttribute('aria-expanded', 'false');
    newTeam.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    const spec = { name: name.input.value.trim() };
    if (!spec.name) {
      error.append(h('p', { class: 'field-error' }, 'A team needs a name.'));
      name.input.focus();
      return;
    }
    spec.limits = readLimits(limits);
    const budget = readBudget(usd, period, hard);
    if (budget) {
      spec.budget = budget;
    }
    submit.disabled = true;
    try {
      if (editing) {
        await put(`/admin/v1/teams/${encodeURIComponent(editing.name)}`, spec);
      } else {
        await post('/admin/v1/teams', spec);
      }
      showStatus(status, `Team ${spec.name} ${editing ? 'saved' : 'created'}.`, 'ok');
      form.hidden = true;
      newTeam.setAttribute('aria-expanded', 'false');
      await load();
    } catch (e) {
      error.append(h('p', { class: 'field-error', testid: 'field-error' }, describeError(e)));
    } finally {
      submit.disabled = false;
    }
  });

  async function remove(team) {
    if (!await confirmDialog(`Delete team ${team.name}? Its limits and budget stop applying.`,
      { title: 'Delete team', action: 'Delete' })) {
      return;
    }
    try {
      await del(`/admin/v1/teams/${encodeURIComponent(team.name)}`);
      showStatus(status, `Team ${team.name} deleted.`, 'ok');
      await load();
    } catch (e) {
      showStatus(status, describeError(e), 'error');
    }
  }

  async function load() {
    let teams;
    try {
      teams = (await get('/admin/v1/teams')).body.data;
    } catch (e) {
      replace(list, errorBox(e));
      return;
    }
    replace(list, table({
      caption: 'Teams',
      columns: [{ label: 'Name' }, { label: 'Limits' }, { label: 'Budget' },
        { label: 'Created' }, { label: 'Actions' }],
      rows: teams.map((t) => ({ cells: [t.name, fmtLimits(t.limits), fmtBudget(t.budget),
        fmtTime(t.created_at), h('span', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small', testid: 'edit-team',
            'aria-label': `Edit ${t.name}`, onclick: () => open(t) }, 'Edit'),
          h('button', { type: 'button', class: 'danger small', testid: 'delete-team',
            'aria-label': `Delete ${t.name}`, onclick: () => remove(t) }, 'Delete'))] })),
      rowAttrs: (row, i) => ({ testid: 'team-row', dataset: { name: teams[i].name } }),
      empty: 'No teams yet.',
    }));
  }

  await load();
}
