// Overview: requests, errors, latency and tokens from /metrics (this gateway since it started),
// spend and daily traffic from /admin/v1/usage (every gateway sharing the state store).

import { get, query } from '../api.js';
import { h, replace, heading, table, fmtNumber, fmtUsd, describeError } from '../ui.js';
import { parseMetrics, summarize } from '../metrics.js';
import { barChart, sparkline } from '../chart.js';

const DAYS = 14;
const REFRESH_MS = 10000;

function day(offset) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - offset);
  return d.toISOString().slice(0, 10);
}

function tile(label, value, extra) {
  return h('div', { class: 'tile' }, h('dt', {}, label), h('dd', {}, value), extra || null);
}

export async function render(root) {
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const tiles = h('dl', { class: 'tiles' });
  const chartBox = h('figure', { class: 'card' });
  const models = h('div');
  const rates = [];
  let previous = null;
  root.append(heading('Overview', refresh), tiles, chartBox,
    h('h2', {}, 'Requests by model (this gateway, since it started)'), models);

  async function loadMetrics() {
    let summary;
    try {
      const answer = await get('/metrics', { text: true });
      summary = summarize(parseMetrics(answer.body));
    } catch (e) {
      replace(tiles, h('div', { class: 'notice error', role: 'alert' },
        `Metrics unavailable: ${describeError(e)}`));
      return null;
    }
    if (previous !== null) {
      rates.push(Math.max(0, summary.requests - previous));
      if (rates.length > 30) {
        rates.shift();
      }
    }
    previous = summary.requests;
    return summary;
  }

  async function loadUsage() {
    try {
      const answer = await get(`/admin/v1/usage${query({ from: day(DAYS - 1), to: day(0),
        group_by: 'day' })}`);
      return answer.body.data || [];
    } catch (e) {
      return e;
    }
  }

  async function load() {
    const [summary, usage] = await Promise.all([loadMetrics(), loadUsage()]);
    const byDay = new Map();
    if (Array.isArray(usage)) {
      usage.forEach((u) => byDay.set(u.group, u));
    }
    const days = [];
    for (let i = DAYS - 1; i >= 0; i--) {
      const d = day(i);
      const u = byDay.get(d);
      days.push({ day: d, requests: u ? u.requests : 0, cost: u ? u.cost_usd : 0 });
    }
    const spendToday = days[days.length - 1].cost;
    const spendTotal = days.reduce((a, d) => a + d.cost, 0);
    if (summary) {
      const errorRate = summary.requests ? (100 * summary.errors) / summary.requests : 0;
      replace(tiles,
        tile('Requests', fmtNumber(summary.requests),
          sparkline(rates, { label: `Requests per ${REFRESH_MS / 1000} s while this page is open` })),
        tile('Errors', `${fmtNumber(summary.errors)} (${fmtNumber(errorRate, 1)} %)`),
        tile('Mean latency', summary.meanLatency === null ? '–'
          : `${fmtNumber(summary.meanLatency * 1000)} ms`),
        tile('p95 latency', summary.p95Latency === null ? '–'
          : `${fmtNumber(summary.p95Latency * 1000)} ms`),
        tile('Tokens in / out', `${fmtNumber(summary.inputTokens)} / `
          + `${fmtNumber(summary.outputTokens)}`),
        tile('Spend today', Array.isArray(usage) ? fmtUsd(spendToday) : '–'),
        tile(`Spend, ${DAYS} days`, Array.isArray(usage) ? fmtUsd(spendTotal) : '–'),
        tile('Open breakers', fmtNumber(summary.breakersOpen)));
      const rows = Object.entries(summary.byModel).sort((a, b) => b[1].requests - a[1].requests)
        .map(([model, m]) => ({ cells: [model, fmtNumber(m.requests), fmtNumber(m.errors)] }));
      replace(models, table({ columns: [{ label: 'Model' }, { label: 'Requests', numeric: true },
        { label: 'Errors', numeric: true }], rows, empty: 'No requests yet.' }));
    }
    replace(chartBox,
      barChart({ title: `Requests and spend per day, last ${DAYS} days (UTC)`,
        desc: Array.isArray(usage) ? days.map((d) => `${d.day}: ${d.requests} requests, `
          + `${fmtUsd(d.cost)}`).join('; ') : 'Usage is unavailable.',
        bars: days.map((d) => ({ label: d.day.slice(5), value: d.requests })),
        line: days.map((d) => d.cost), barName: 'requests', lineName: 'spend',
        format: (v) => fmtNumber(v), lineFormat: (v) => fmtUsd(v), testid: 'overview-chart' }),
      h('figcaption', {}, h('span', { class: 'legend bar-key' }, 'Requests'), ' ',
        h('span', { class: 'legend line-key' }, 'Spend (USD)'),
        Array.isArray(usage) ? null : ` — usage unavailable: ${describeError(usage)}`));
  }

  refresh.addEventListener('click', load);
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
