// A parser for the Prometheus text format of /metrics, and the sums the overview needs.

/** Samples [{name, labels, value}] of a Prometheus text exposition. */
export function parseMetrics(text) {
  const samples = [];
  text.split('\n').forEach((line) => {
    if (!line || line.startsWith('#')) {
      return;
    }
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m) {
      return;
    }
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
      let l;
      while ((l = re.exec(m[3])) !== null) {
        labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      }
    }
    const value = Number(m[4] === '+Inf' ? Infinity : m[4]);
    samples.push({ name: m[1], labels, value });
  });
  return samples;
}

function sum(samples, name, filter = () => true) {
  return samples.filter((s) => s.name === name && filter(s.labels))
    .reduce((a, s) => a + (Number.isFinite(s.value) ? s.value : 0), 0);
}

/** A quantile estimated from a histogram's cumulative buckets (summed over every series). */
function quantile(samples, name, q) {
  const buckets = new Map();
  samples.filter((s) => s.name === `${name}_bucket`).forEach((s) => {
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    buckets.set(le, (buckets.get(le) || 0) + s.value);
  });
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.length ? sorted[sorted.length - 1][1] : 0;
  if (!total) {
    return null;
  }
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (!Number.isFinite(le)) {
        return previousLe;
      }
      const inBucket = count - previousCount;
      return inBucket > 0 ? previousLe + (le - previousLe) * ((rank - previousCount) / inBucket)
        : le;
    }
    previousLe = le;
    previousCount = count;
  }
  return previousLe;
}

/** The overview's numbers: requests, errors, latency (seconds), tokens, per-model requests. */
export function summarize(samples) {
  const requests = sum(samples, 'gantry_requests_total');
  const errors = sum(samples, 'gantry_requests_total', (l) => l.outcome === 'error');
  const durationSum = sum(samples, 'gantry_request_duration_seconds_sum');
  const durationCount = sum(samples, 'gantry_request_duration_seconds_count');
  const byModel = {};
  samples.filter((s) => s.name === 'gantry_requests_total').forEach((s) => {
    const model = s.labels.gen_ai_request_model || '(none)';
    const entry = byModel[model] || (byModel[model] = { requests: 0, errors: 0 });
    entry.requests += s.value;
    if (s.labels.outcome === 'error') {
      entry.errors += s.value;
    }
  });
  return {
    requests,
    errors,
    meanLatency: durationCount ? durationSum / durationCount : null,
    p95Latency: quantile(samples, 'gantry_request_duration_seconds', 0.95),
    inputTokens: sum(samples, 'gantry_tokens_total', (l) => l.gen_ai_token_type === 'input'),
    outputTokens: sum(samples, 'gantry_tokens_total', (l) => l.gen_ai_token_type === 'output'),
    cacheHits: sum(samples, 'gantry_cache_lookups_total', (l) => l.outcome === 'hit'),
    breakersOpen: sum(samples, 'gantry_deployment_breaker_open'),
    byModel,
  };
}
