// Calls to the gateway's admin API, with the admin key from sessionStorage.
// The key never goes into a URL, a log or the console: only into the Authorization header.

const KEY = 'gantry.adminKey';

export function adminKey() {
  return sessionStorage.getItem(KEY);
}

export function setAdminKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function clearAdminKey() {
  sessionStorage.removeItem(KEY);
}

/** An API failure: the HTTP status and the OpenAI error object's fields. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.type = error?.type ?? null;
    this.param = error?.param ?? null;
    this.code = error?.code ?? null;
  }
}

/** Listeners told when the key is refused (401), so the console can ask for it again. */
const unauthorized = new Set();
export function onUnauthorized(listener) {
  unauthorized.add(listener);
}

/**
 * Sends a request; answers {status, body, etag, headers}. Fails with ApiError on a status >= 400.
 * `options`: method, body (JSON-encoded unless a string), headers, text (answer as text), key.
 */
export async function call(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const key = options.key ?? adminKey();
  if (key) {
    headers.set('Authorization', `Bearer ${key}`);
  }
  let body;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers.set('Content-Type', 'application/json');
  }
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET', headers, body, cache: 'no-store',
      credentials: 'omit', referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, { message: 'The gateway could not be reached.' });
  }
  const text = await response.text();
  let parsed = text;
  if (!options.text && text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = text;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed && parsed.error ? parsed.error
      : { message: `HTTP ${response.status}` });
    if (response.status === 401 && options.key === undefined) {
      unauthorized.forEach((l) => l(error));
    }
    throw error;
  }
  return { status: response.status, body: parsed, etag: response.headers.get('ETag'),
    headers: response.headers };
}

export const get = (path, options) => call(path, options);
export const post = (path, body, options = {}) => call(path, { ...options, method: 'POST', body });
export const put = (path, body, options = {}) => call(path, { ...options, method: 'PUT', body });
export const del = (path, options = {}) => call(path, { ...options, method: 'DELETE' });

/** A query string from the entries whose value is neither null nor empty. */
export function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v));
    }
  });
  const s = q.toString();
  return s ? `?${s}` : '';
}
