// One fine-tuning job: its status and details, its events, and cancelling it.

import { get, post, query } from '../api.js';
import { h, replace, heading, fmtNumber, fmtTime, errorBox, confirmDialog, statusLine,
  showStatus, describeError } from '../ui.js';
import { statusBadge } from './jobs.js';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const REFRESH_MS = 5000;

/** The job: GET .../jobs/{id} when the admin API has it, else found in the paged list. */
async function findJob(id) {
  try {
    return (await get(`/admin/v1/fine_tuning/jobs/${encodeURIComponent(id)}`)).body;
  } catch (e) {
    if (e.status !== 404 && e.status !== 405) {
      throw e;
    }
  }
  let after = null;
  for (let i = 0; i < 20; i++) {
    const page = (await get(`/admin/v1/fine_tuning/jobs${query({ limit: 100, after })}`)).body;
    const job = page.data.find((j) => j.id === id);
    if (job) {
      return job;
    }
    if (!page.has_more || !page.data.length) {
      break;
    }
    after = page.data[page.data.length - 1].id;
  }
  const error = new Error(`No fine-tuning job ${id}.`);
  error.status = 404;
  throw error;
}

export async function render(root, id) {
  const status = statusLine();
  const cancel = h('button', { type: 'button', class: 'danger', testid: 'cancel-job' },
    'Cancel job');
  const details = h('div');
  const events = h('div');
  root.append(heading(`Fine-tuning job ${id}`, cancel,
    h('a', { href: '#/jobs', class: 'button secondary' }, 'All jobs')), status, details,
  h('h2', { id: 'events-title' }, 'Events'), events);

  async function load() {
    let job;
    try {
      job = await findJob(id);
    } catch (e) {
      replace(details, errorBox(e));
      cancel.hidden = true;
      return null;
    }
    cancel.disabled = FINISHED.has(job.status);
    const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
    replace(details, h('dl', { class: 'details card' },
      row('Status', h('span', { testid: 'job-status', dataset: { status: job.status } },
        statusBadge(job.status))),
      row('Team', job.team || job.organization_id || '–'),
      row('Base model', job.model),
      row('Fine-tuned model', job.fine_tuned_model || '–'),
      row('Training file', job.training_file || '–'),
      row('Validation file', job.validation_file || '–'),
      row('Trained tokens', fmtNumber(job.trained_tokens)),
      row('Created', fmtTime(job.created_at)),
      row('Estimated finish', fmtTime(job.estimated_finish)),
      row('Finished', fmtTime(job.finished_at)),
      row('Hyperparameters', h('code', {}, JSON.stringify(job.hyperparameters || {}))),
      job.error ? row('Error', `${job.error.code || ''} ${job.error.message || ''}`) : null));
    try {
      const list = (await get(`/admin/v1/fine_tuning/jobs/${encodeURIComponent(id)}/events`
        + '?limit=100')).body.data || [];
      replace(events, h('ol', { testid: 'job-events', class: 'events',
        'aria-labelledby': 'events-title' }, list.map((e) => h('li', { class: `level-${e.level}` },
        fmtTime(e.created_at), ' ', h('span', { class: 'badge' }, e.level), ' ', e.message))));
      if (!list.length) {
        events.append(h('p', { class: 'muted' }, 'No events yet.'));
      }
    } catch (e) {
      replace(events, h('ol', { testid: 'job-events', class: 'events' }), errorBox(e));
    }
    return job;
  }

  cancel.addEventListener('click', async () => {
    if (!await confirmDialog(`Cancel fine-tuning job ${id}? Training stops; this cannot be`
      + ' undone.', { title: 'Cancel job', action: 'Cancel job' })) {
      return;
    }
    try {
      const job = (await post(`/admin/v1/fine_tuning/jobs/${encodeURIComponent(id)}/cancel`))
        .body;
      showStatus(status, `Job ${id} is ${job.status}.`, 'ok');
      await load();
    } catch (e) {
      showStatus(status, describeError(e), 'error');
    }
  });

  const job = await load();
  if (job && !FINISHED.has(job.status)) {
    const timer = setInterval(async () => {
      const now = await load();
      if (!now || FINISHED.has(now.status)) {
        clearInterval(timer);
      }
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }
  return null;
}
