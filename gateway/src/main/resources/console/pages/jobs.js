// Fine-tuning jobs of every team (GET /admin/v1/fine_tuning/jobs), newest first, paged.

import { get, query } from '../api.js';
import { h, replace, heading, table, fmtNumber, fmtTime, errorBox } from '../ui.js';

const PAGE = 20;

export function statusBadge(status) {
  const kind = status === 'succeeded' ? 'ok' : status === 'failed' ? 'bad'
    : status === 'cancelled' ? '' : 'warn';
  return h('span', { class: `badge ${kind}` }, status);
}

export async function render(root) {
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const out = h('div');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  root.append(heading('Fine-tuning jobs', refresh), out, more);
  let jobs = [];

  function draw() {
    replace(out, table({
      caption: 'Fine-tuning jobs, all teams, newest first',
      columns: [{ label: 'Job' }, { label: 'Team' }, { label: 'Base model' },
        { label: 'Status' }, { label: 'Fine-tuned model' }, { label: 'Trained tokens',
          numeric: true }, { label: 'Created' }, { label: 'Finished' }],
      rows: jobs.map((j) => ({ cells: [
        h('a', { href: `#/jobs/${encodeURIComponent(j.id)}` }, j.id),
        j.team || j.organization_id || '–', j.model, statusBadge(j.status),
        j.fine_tuned_model || '–', fmtNumber(j.trained_tokens), fmtTime(j.created_at),
        fmtTime(j.finished_at)] })),
      rowAttrs: (row, i) => ({ testid: 'job-row', dataset: { id: jobs[i].id } }),
      empty: 'No fine-tuning jobs.',
    }));
  }

  async function load(after) {
    try {
      const page = (await get(`/admin/v1/fine_tuning/jobs${query({ limit: PAGE, after })}`)).body;
      jobs = after ? jobs.concat(page.data) : page.data;
      more.hidden = !page.has_more;
      draw();
    } catch (e) {
      more.hidden = true;
      replace(out, e.status === 404 ? h('p', { class: 'notice warning', role: 'alert' },
        'This gateway has no admin view of fine-tuning jobs (GET /admin/v1/fine_tuning/jobs'
          + ' answered 404): it needs a state store and a gateway version with that API.')
        : errorBox(e));
    }
  }

  refresh.addEventListener('click', () => load());
  more.addEventListener('click', () => load(jobs.length ? jobs[jobs.length - 1].id : null));
  await load();
}
