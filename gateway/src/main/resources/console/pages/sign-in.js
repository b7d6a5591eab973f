// Sign-in: the admin key, checked against the admin API, kept in sessionStorage only.

import { get, setAdminKey, clearAdminKey } from '../api.js';
import { h, field } from '../ui.js';
import { signedIn } from '../app.js';

export function render(root) {
  const note = sessionStorage.getItem('gantry.signInMessage');
  sessionStorage.removeItem('gantry.signInMessage');
  const error = h('p', { class: 'notice error', role: 'alert', testid: 'sign-in-error',
    id: 'sign-in-error', hidden: !note }, note || '');
  const key = field('Admin key', { type: 'password', name: 'admin-key', testid: 'admin-key',
    autocomplete: 'off', spellcheck: 'false', required: true },
  'An API key with admin: true. It stays in this browser tab (sessionStorage) until you sign out'
    + ' or close the tab.');
  const button = h('button', { type: 'submit', testid: 'sign-in' }, 'Sign in');
  const form = h('form', { class: 'card narrow', novalidate: true }, key.wrap, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = key.input.value.trim();
    error.hidden = true;
    if (!value) {
      showError('Enter the admin key.');
      return;
    }
    button.disabled = true;
    try {
      await get('/admin/v1/deployments', { key: value });
      setAdminKey(value);
      key.input.value = '';
      signedIn();
    } catch (e) {
      clearAdminKey();
      if (e.status === 401) {
        showError(`This key was refused (401): ${e.message}`);
      } else if (e.status === 403) {
        showError(`This key may not use the admin API (403): ${e.message}`);
      } else {
        showError(`Sign-in failed: ${e.message}`);
      }
    } finally {
      button.disabled = false;
    }
  });

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
    key.input.setAttribute('aria-invalid', 'true');
    key.input.setAttribute('aria-errormessage', 'sign-in-error');
    key.input.focus();
  }

  root.append(h('h1', { id: 'page-title' }, 'Sign in'), error, form);
  key.input.focus();
}
