// Charts drawn as inline SVG (no library): a bar chart with an optional line on a second axis.

// The SVG namespace, read from the HTML parser rather than spelled out.
const SVG_NS = (() => {
  const holder = document.createElement('div');
  holder.innerHTML = '<svg></svg>';
  return holder.firstChild.namespaceURI;
})();

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, String(v)));
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

/** A round axis top: at least `floor`, with four even ticks (1, 2 or 5 × 10^n each). */
function nice(max, floor) {
  if (max <= floor) {
    return floor;
  }
  const step = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(step));
  const unit = [1, 2, 5, 10].find((u) => u * magnitude >= step) * magnitude;
  return unit * 4;
}

/**
 * Bars (`bars`: [{label, value}]) with an optional line (`line`: values, same length) on its own
 * scale. `title`/`desc` make the chart accessible; each bar has a <title> tooltip.
 */
export function barChart({ title, desc, bars, line, barName, lineName, format = String,
  lineFormat = String, testid }) {
  const width = 720;
  const height = 240;
  const pad = { top: 16, right: 56, bottom: 36, left: 56 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const id = `chart-${Math.random().toString(36).slice(2, 8)}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart',
    'aria-labelledby': `${id}-title ${id}-desc`, preserveAspectRatio: 'xMidYMid meet' });
  if (testid) {
    svg.setAttribute('data-testid', testid);
  }
  svg.append(s('title', { id: `${id}-title` }, title), s('desc', { id: `${id}-desc` }, desc));
  const max = nice(Math.max(0, ...bars.map((b) => b.value)), 4);
  const lineMax = line ? nice(Math.max(0, ...line), 0.04) : 1;
  // grid and left axis
  for (let i = 0; i <= 4; i++) {
    const y = pad.top + innerH - (innerH * i) / 4;
    svg.append(s('line', { x1: pad.left, x2: pad.left + innerW, y1: y, y2: y, class: 'grid' }));
    svg.append(s('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' },
      format((max * i) / 4)));
    if (line) {
      svg.append(s('text', { x: pad.left + innerW + 6, y: y + 4, 'text-anchor': 'start',
        class: 'axis line-axis' }, lineFormat((lineMax * i) / 4)));
    }
  }
  const step = bars.length ? innerW / bars.length : innerW;
  const barW = Math.max(2, step * 0.7);
  const every = Math.ceil(bars.length / 10) || 1;
  bars.forEach((b, i) => {
    const x = pad.left + i * step + (step - barW) / 2;
    const bh = (innerH * b.value) / max;
    const rect = s('rect', { x, y: pad.top + innerH - bh, width: barW, height: Math.max(0, bh),
      class: 'bar' });
    rect.append(s('title', {}, `${b.label}: ${format(b.value)} ${barName || ''}`
      + (line ? `, ${lineFormat(line[i])} ${lineName || ''}` : '')));
    svg.append(rect);
    if (i % every === 0) {
      svg.append(s('text', { x: x + barW / 2, y: height - pad.bottom + 16, 'text-anchor': 'middle',
        class: 'axis' }, b.label));
    }
  });
  if (line && line.length) {
    const points = line.map((v, i) => `${pad.left + i * step + step / 2},`
      + `${pad.top + innerH - (innerH * v) / lineMax}`).join(' ');
    svg.append(s('polyline', { points, class: 'line', fill: 'none' }));
  }
  if (!bars.length) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis' },
      'No data'));
  }
  return svg;
}

/** A small sparkline of the last values (e.g. requests per interval). */
export function sparkline(values, { label, testid } = {}) {
  const width = 160;
  const height = 36;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img',
    'aria-label': label || 'trend' });
  if (testid) {
    svg.setAttribute('data-testid', testid);
  }
  if (values.length > 1) {
    const max = Math.max(1e-9, ...values);
    const points = values.map((v, i) => `${(i * width) / (values.length - 1)},`
      + `${height - 2 - ((height - 4) * v) / max}`).join(' ');
    svg.append(s('polyline', { points, class: 'line', fill: 'none' }));
  }
  return svg;
}
