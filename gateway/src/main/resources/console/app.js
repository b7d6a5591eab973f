// The console's shell: hash routes, navigation, sign-in guard. One module per page, loaded on
// first use; each page's render(root, params) may answer a cleanup function (timers).

import { adminKey, clearAdminKey, onUnauthorized } from './api.js';
import { h, replace, announce, errorBox } from './ui.js';

const ROUTES = [
  { pattern: /^\/sign-in$/, module: './pages/sign-in.js', title: 'Sign in', open: true },
  { pattern: /^\/overview$/, module: './pages/overview.js', title: 'Overview', nav: 'overview' },
  { pattern: /^\/models$/, module: './pages/models.js', title: 'Models & routing', nav: 'models' },
  { pattern: /^\/models\/(.+)$/, module: './pages/model-editor.js', title: 'Edit model',
    nav: 'models' },
  { pattern: /^\/providers$/, module: './pages/providers.js', title: 'Providers',
    nav: 'providers' },
  { pattern: /^\/deployments$/, module: './pages/deployments.js', title: 'Deployments',
    nav: 'deployments' },
  { pattern: /^\/keys$/, module: './pages/keys.js', title: 'Keys', nav: 'keys' },
  { pattern: /^\/teams$/, module: './pages/teams.js', title: 'Teams', nav: 'teams' },
  { pattern: /^\/usage$/, module: './pages/usage.js', title: 'Usage', nav: 'usage' },
  { pattern: /^\/jobs$/, module: './pages/jobs.js', title: 'Fine-tuning jobs', nav: 'jobs' },
  { pattern: /^\/jobs\/(.+)$/, module: './pages/job.js', title: 'Fine-tuning job', nav: 'jobs' },
  { pattern: /^\/cache$/, module: './pages/cache.js', title: 'Cache', nav: 'cache' },
  { pattern: /^\/audit$/, module: './pages/audit.js', title: 'Audit log', nav: 'audit' },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let cleanup = null;
let generation = 0;
/** Where to go after signing in (the route asked for before it). */
let afterSignIn = '#/overview';

function currentPath() {
  const hash = location.hash || '';
  return hash.startsWith('#') ? hash.slice(1) || '/' : '/';
}

export function go(hash) {
  if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

export function signedIn() {
  const target = afterSignIn;
  afterSignIn = '#/overview';
  go(target);
}

async function render() {
  const mine = ++generation;
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      // a page's cleanup must not stop navigation
    }
    cleanup = null;
  }
  const path = currentPath();
  let route = null;
  let params = [];
  for (const r of ROUTES) {
    const m = path.match(r.pattern);
    if (m) {
      route = r;
      params = m.slice(1).map((p) => decodeURIComponent(p));
      break;
    }
  }
  if (!route) {
    location.replace(adminKey() ? '#/overview' : '#/sign-in');
    return;
  }
  if (!route.open && !adminKey()) {
    afterSignIn = `#${path}`;
    location.replace('#/sign-in');
    return;
  }
  nav.hidden = !adminKey();
  nav.querySelectorAll('a').forEach((a) => {
    if (a.dataset.testid === `nav-${route.nav}`) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  document.title = `${route.title} · Gantry console`;
  replace(main, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…'));
  try {
    const page = await import(route.module);
    if (mine !== generation) {
      return;
    }
    const root = h('section', { 'aria-labelledby': 'page-title', class: 'page' });
    replace(main, root);
    const result = await page.render(root, ...params);
    if (mine !== generation) {
      if (typeof result === 'function') {
        result();
      }
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (e) {
    if (mine === generation) {
      replace(main, h('section', { class: 'page' }, h('h1', { id: 'page-title' }, route.title),
        errorBox(e)));
    }
  }
  if (mine === generation) {
    // Focus moves to the new page, unless the page put it on a control of its own already.
    const active = document.activeElement;
    if (!active || active === document.body || active === main || !main.contains(active)) {
      main.focus({ preventScroll: true });
    }
    announce(`${route.title} page`);
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  clearAdminKey();
  nav.hidden = true;
  go('#/sign-in');
});

onUnauthorized(() => {
  clearAdminKey();
  nav.hidden = true;
  sessionStorage.setItem('gantry.signInMessage',
    'The admin key was refused (401). Sign in again.');
  if (currentPath() !== '/sign-in') {
    afterSignIn = `#${currentPath()}`;
    go('#/sign-in');
  }
});

window.addEventListener('hashchange', render);
render();
