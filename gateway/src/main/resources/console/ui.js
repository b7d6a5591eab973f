// Small DOM helpers: elements built with createElement (never innerHTML with data), tables,
// announcements, the confirmation dialog, formatting.

/**
 * An element: h('button', {type: 'button', onclick: f, testid: 'save'}, 'Save').
 * Attributes: `testid` → data-testid, `class`, `on<event>` → listener, booleans toggle,
 * `dataset` → data-*, anything else → setAttribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  Object.entries(attrs || {}).forEach(([name, value]) => {
    if (value === null || value === undefined || value === false) {
      return;
    }
    if (name === 'testid') {
      el.dataset.testid = value;
    } else if (name === 'dataset') {
      Object.entries(value).forEach(([k, v]) => { el.dataset[k] = v; });
    } else if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value') {
      el.value = value;
    } else if (name === 'checked') {
      el.checked = Boolean(value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  });
}

export function append(el, children) {
  children.flat(Infinity).forEach((c) => {
    if (c === null || c === undefined || c === false) {
      return;
    }
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Says something to screen readers (and shows it in the page's status line, if any). */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (region) {
    region.textContent = '';
    setTimeout(() => { region.textContent = message; }, 30);
  }
}

/** A page heading plus an optional toolbar. */
export function heading(title, ...tools) {
  return h('div', { class: 'page-head' }, h('h1', { id: 'page-title' }, title),
    tools.length ? h('div', { class: 'toolbar' }, tools) : null);
}

/**
 * A semantic table: columns [{label, numeric}], rows of cells (a cell is a node, text, or
 * {value, numeric}). `rowAttrs(row, i)` gives each tr's attributes.
 */
export function table({ caption, columns, rows, rowAttrs, testid, empty }) {
  const thead = h('thead', {}, h('tr', {}, columns.map((c) =>
    h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label))));
  const tbody = h('tbody');
  rows.forEach((row, i) => {
    const tr = h('tr', rowAttrs ? rowAttrs(row, i) : {});
    row.cells.forEach((cell, j) => {
      const numeric = columns[j] && columns[j].numeric;
      if (j === 0 && row.header !== false) {
        tr.append(h('th', { scope: 'row', class: numeric ? 'num' : null }, cell));
      } else {
        tr.append(h('td', { class: numeric ? 'num' : null }, cell));
      }
    });
    tbody.append(tr);
  });
  if (rows.length === 0) {
    tbody.append(h('tr', {}, h('td', { colspan: columns.length, class: 'muted' },
      empty || 'Nothing here yet.')));
  }
  return h('div', { class: 'table-wrap' }, h('table', { testid },
    caption ? h('caption', {}, caption) : null, thead, tbody));
}

/** A status/alert line for a page: `message(el, text, kind)` with kind ok|error|info. */
export function statusLine(testid) {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite', testid });
}

export function showStatus(el, text, kind = 'info') {
  el.className = `status ${kind}`;
  el.textContent = text;
}

/** An error box for a failed call (role=alert). */
export function errorBox(error, testid) {
  return h('div', { class: 'notice error', role: 'alert', testid },
    describeError(error));
}

export function describeError(error) {
  if (!error) {
    return '';
  }
  if (error.status === 403) {
    return `Not allowed (HTTP 403): ${error.message}`;
  }
  return error.status ? `${error.message} (HTTP ${error.status})` : error.message;
}

/** Asks for confirmation in the modal <dialog>; resolves true when confirmed. */
export function confirmDialog(message, { title = 'Are you sure?', action = 'Confirm' } = {}) {
  const dialog = document.getElementById('confirm-dialog');
  const ok = document.getElementById('confirm-ok');
  const cancel = document.getElementById('confirm-cancel');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-message').textContent = message;
  ok.textContent = action;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    let answer = false;
    const done = () => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', done);
      if (opener && opener.isConnected) {
        opener.focus();
      }
      resolve(answer);
    };
    const onOk = () => { answer = true; dialog.close('confirm'); };
    const onCancel = () => { dialog.close('cancel'); };
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('close', done);
    dialog.showModal();
    cancel.focus();
  });
}

/** A labelled form field; answers {wrap, input}. */
export function field(label, attrs = {}, hint) {
  const id = attrs.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  const tag = attrs.tag || 'input';
  const { tag: ignored, options, ...rest } = attrs;
  const input = h(tag, { id, ...rest, 'aria-describedby': hint ? `${id}-hint` : null });
  if (options) {
    options.forEach(([value, text]) => input.append(h('option', { value }, text)));
    if (attrs.value !== undefined) {
      input.value = attrs.value;
    }
  }
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('small', { id: `${id}-hint`, class: 'muted' }, hint) : null);
  return { wrap, input };
}

export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return '–';
  }
  return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits,
    minimumFractionDigits: 0 });
}

export function fmtUsd(n) {
  if (n === null || n === undefined) {
    return '–';
  }
  return `$${Number(n).toLocaleString(undefined, { minimumFractionDigits: 2,
    maximumFractionDigits: n !== 0 && Math.abs(n) < 0.01 ? 6 : 2 })}`;
}

/** An instant: ISO text, epoch millis, or epoch seconds (below 1e12). */
export function fmtTime(t) {
  if (t === null || t === undefined || t === '') {
    return '–';
  }
  const d = typeof t === 'number' ? new Date(t < 1e12 ? t * 1000 : t) : new Date(t);
  if (Number.isNaN(d.getTime())) {
    return String(t);
  }
  return h('time', { datetime: d.toISOString(), title: d.toISOString() },
    d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
}

/** A JSON value shown folded (for limits, budgets, audit entries). */
export function jsonDetails(summary, value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return h('details', {}, h('summary', {}, summary),
    h('pre', { class: 'json' }, JSON.stringify(value, null, 2)));
}

/** Limits without their null fields, as "rpm 60 · tpm 1000", or –. */
export function fmtLimits(limits) {
  if (!limits) {
    return '–';
  }
  const set = Object.entries(limits).filter(([, v]) => v !== null && v !== undefined);
  return set.length ? set.map(([k, v]) => `${k} ${fmtNumber(v)}`).join(' · ') : '–';
}

/** The limits a key or a team can have, in the order their form fields show. */
export const LIMITS = ['rpm', 'tpm', 'input_tpm', 'output_tpm', 'concurrent', 'tokens_per_day'];

/** The limits typed into `fields` (one field per LIMITS entry), blank ones left out. */
export function readLimits(fields) {
  const limits = {};
  fields.forEach((x, i) => {
    if (x.input.value !== '') {
      limits[LIMITS[i]] = Number(x.input.value);
    }
  });
  return limits;
}

/** The budget typed in, or null when no amount is. */
export function readBudget(usd, period, hard) {
  return usd.input.value === '' ? null
    : { usd: Number(usd.input.value), period: period.input.value, hard: hard.checked };
}

/** Fills limit and budget fields from a key or a team (`owner`, or blank fields without one). */
export function fillQuota(owner, fields, usd, period, hard) {
  LIMITS.forEach((l, i) => {
    const v = owner && owner.limits ? owner.limits[l] : null;
    fields[i].input.value = v === null || v === undefined ? '' : v;
  });
  usd.input.value = owner && owner.budget ? owner.budget.usd : '';
  period.input.value = owner && owner.budget ? owner.budget.period : 'month';
  hard.checked = owner && owner.budget ? owner.budget.hard !== false : true;
}

export function fmtBudget(b) {
  return b ? `${fmtUsd(b.usd)} / ${b.period}${b.hard === false ? ' (soft)' : ''}` : '–';
}

/** Loading placeholder. */
export function loading() {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…');
}

/**
 * The `path: problem` pairs of a validation error ("Invalid routing: providers.a.base_url: must
 * be a URL; models[2].name: ..."), as [path, problem]; a part naming no path (or an error that is
 * no validation error) answers [error.param or '', its text]. `relative` maps a document path to
 * the caller's (models[3].name → name).
 */
export function errorPairs(error, relative = (p) => p) {
  const text = error.message.replace(/^Invalid routing:\s*/, '');
  return text.split(/;\s+(?=[A-Za-z_][\w.[\]-]*:\s)/).map((part) => {
    const m = part.match(/^([A-Za-z_][\w.[\]-]*):\s+(.*)$/s);
    if (m && (m[1].includes('.') || m[1].includes('['))) {
      return [relative(m[1]), m[2]];
    }
    return [error.param ? relative(error.param) : '', part];
  });
}

/** A list of changes (a dry run's or a save's): one `li` each, "No changes." when empty. */
export function changeList(changes, attrs = {}) {
  return h('ul', { class: 'diff', ...attrs }, changes.length
    ? changes.map((c) => h('li', {}, h('code', {}, c)))
    : h('li', { class: 'muted' }, 'No changes.'));
}
