// Deployments' health: breaker state, failure and slow-call rates, calls in flight, latency,
// recent errors (GET /admin/v1/deployments), refreshed every 5 seconds.

import { get } from '../api.js';
import { h, replace, heading, table, fmtNumber, fmtTime, errorBox } from '../ui.js';

const REFRESH_MS = 5000;

function rate(v) {
  return v === null || v === undefined ? '–' : `${fmtNumber(v, 1)} %`;
}

function breaker(state) {
  return h('span', { class: `badge ${state === 'closed' ? 'ok' : state === 'open' ? 'bad'
    : 'warn'}` }, state);
}

export async function render(root) {
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const body = h('div', { 'aria-live': 'off' });
  const updated = h('p', { class: 'muted', role: 'status' });
  root.append(heading('Deployments', refresh), updated, body);

  async function load() {
    let data;
    try {
      data = (await get('/admin/v1/deployments')).body.data;
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    replace(body, table({
      caption: 'Health of every deployment (this gateway)',
      columns: [{ label: 'Deployment' }, { label: 'Aliases' }, { label: 'Breaker' },
        { label: 'Failure rate', numeric: true }, { label: 'Slow calls', numeric: true },
        { label: 'In flight', numeric: true }, { label: 'First token (ms)', numeric: true },
        { label: 'Total (ms)', numeric: true }, { label: 'Recent errors' }],
      rows: data.map((d) => ({ cells: [
        h('span', {}, `${d.provider}/${d.model}`, d.shadow ? h('span', { class: 'badge' },
          'shadow') : null),
        (d.aliases || []).join(', '),
        breaker(d.breaker.state),
        rate(d.breaker.failure_rate),
        rate(d.breaker.slow_call_rate),
        fmtNumber(d.in_flight),
        fmtNumber(d.latency_ms.first_token),
        fmtNumber(d.latency_ms.total),
        d.recent_errors && d.recent_errors.length
          ? h('details', {}, h('summary', {}, `${d.recent_errors.length} error(s)`),
            h('ul', {}, d.recent_errors.map((e) => h('li', {}, fmtTime(e.at), ` ${e.kind}: `,
              e.message))))
          : '–',
      ] })),
      rowAttrs: (row, i) => ({ testid: 'deployment-health-row',
        dataset: { deployment: `${data[i].provider}/${data[i].model}` } }),
      empty: 'No deployments.',
    }));
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every `
      + `${REFRESH_MS / 1000} s.`;
  }

  refresh.addEventListener('click', load);
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
