// Entry point: the hash router, the top bar (org switcher, logout) and flash messages.

import * as api from './api.js';
import { clear, errorBox, flash, h } from './dom.js';
import { live } from './live.js';
import { loadSession, reloadOrgs, state } from './state.js';
import { loginPage } from './pages/login.js';
import { projectsPage, projectPage } from './pages/projects.js';
import { devicesPage, devicePage } from './pages/devices.js';
import { streamPage } from './pages/stream.js';
import { orgPage } from './pages/org.js';
import { keysPage } from './pages/keys.js';
import { dashboardsPage } from './pages/dashboards.js';
import { dashboardPage } from './pages/dashboard.js';
import { fleetsPage, fleetPage } from './pages/fleets.js';
import { newRulePage, rulePage, rulesPage } from './pages/rules.js';
import { alarmPage, alarmsPage } from './pages/alarms.js';
import { notificationsPage } from './pages/notifications.js';
import { blockPage } from './pages/blocks.js';
import { searchHash, searchPage } from './pages/search.js';
import { reportsPage } from './pages/reports.js';
import { refreshAlerts, stopAlerts, watchAlerts } from './alerts.js';

const routes = [
  [/^#\/projects$/, projectsPage],
  [/^#\/project\/([^/]+)$/, projectPage],
  [/^#\/devices$/, devicesPage],
  [/^#\/device\/([^/]+)$/, devicePage],
  [/^#\/stream\/([^/]+)$/, streamPage],
  [/^#\/org$/, orgPage],
  [/^#\/keys$/, keysPage],
  [/^#\/dashboards$/, dashboardsPage],
  [/^#\/dashboard\/([^/]+)$/, dashboardPage],
  [/^#\/fleets$/, fleetsPage],
  [/^#\/fleet\/([^/]+)$/, fleetPage],
  [/^#\/rules$/, rulesPage],
  [/^#\/rule\/new$/, newRulePage],
  [/^#\/rule\/([^/]+)$/, rulePage],
  [/^#\/alarms$/, alarmsPage],
  [/^#\/alarm\/([^/]+)$/, alarmPage],
  [/^#\/notifications$/, notificationsPage],
  [/^#\/block\/([^/]+)$/, blockPage],
  [/^#\/reports$/, reportsPage],
  [/^#\/search\/([^/]*)$/, (v, q) => searchPage(v, q)],
  [/^#\/search\/([a-z]+)\/([^/]*)$/, (v, kind, q) => searchPage(v, q, kind)],
];

const view = document.getElementById('view');
let cleanup = null;

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const hash = location.hash || '#/';
  if (!api.session.token) {
    showChrome(false);
    cleanup = loginPage(view, { onLogin: start });
    return;
  }
  showChrome(true);
  if (hash === '#/' || hash === '#/login') { location.replace('#/projects'); return; }
  const route = routes.find(([re]) => re.test(hash));
  if (!route) { clear(view, errorBox('No such page.')); return; }
  const args = hash.match(route[0]).slice(1).map(decodeURIComponent);
  clear(view, h('p', { class: 'muted' }, 'Loading…'));
  highlightNav(hash);
  refreshAlerts();
  try {
    const done = await route[1](view, ...args); // a page returns its cleanup function, or nothing
    cleanup = typeof done === 'function' ? done : null;
  } catch (err) {
    clear(view, errorBox(err));
  }
  view.focus({ preventScroll: true });
}

function highlightNav(hash) {
  for (const a of document.querySelectorAll('#nav a')) {
    const here = hash.startsWith(a.getAttribute('href').replace(/s$/, ''));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function showChrome(on) {
  document.getElementById('topbar').hidden = !on;
}

function fillOrgSwitcher() {
  const select = document.getElementById('org-switcher');
  const current = state.org;
  clear(select, state.orgs.length
    ? state.orgs.map((o) => h('option', { value: o.slug, selected: current && o.slug === current.slug }, o.name))
    : h('option', { value: '' }, 'no org yet'));
  document.getElementById('whoami').textContent = state.account ? state.account.username : '';
}

async function start() {
  try {
    await loadSession();
  } catch (err) {
    if (err.status === 401) { logout(); return; }
    clear(view, errorBox(err));
    return;
  }
  fillOrgSwitcher();
  watchAlerts();
  if (location.hash === '#/login' || !location.hash) location.hash = '#/projects';
  else render();
}

export async function orgsChanged() {
  await reloadOrgs();
  fillOrgSwitcher();
  watchAlerts(); // the chosen org may have changed (a first org created, the chosen one left)
}

function logout() {
  // Ends this tab's JWT on the server too (the headers are taken before the token is dropped below).
  if (api.session.token) api.post('/api/v1/auth/logout/').catch(() => {});
  api.session.token = null;
  live.close();
  stopAlerts();
  state.account = null;
  state.orgs = [];
  location.hash = '#/login';
  render();
}

document.getElementById('logout').addEventListener('click', logout);
document.getElementById('org-switcher').addEventListener('change', (e) => {
  state.org = e.target.value;
  watchAlerts();
  render();
});
document.getElementById('menu-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('nav');
  const open = nav.classList.toggle('open');
  e.target.setAttribute('aria-expanded', String(open));
});
live.onStatus((status) => {
  const badge = document.getElementById('live-status');
  const live_ = status === 'open';
  badge.textContent = live_ ? 'live' : status === 'connecting' ? 'connecting…' : 'not live';
  badge.className = live_ ? 'badge on' : 'badge off';
  badge.dataset.pending = String(live.pending());
});
window.addEventListener('hashchange', render);
document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = document.getElementById('search-box').value.trim();
  if (q) location.hash = searchHash(q);
});
window.addEventListener('feedline:unauthenticated', () => {
  if (api.session.token) { api.session.token = null; flash('Your session has ended; please log in again.', 'error'); render(); }
});

if (api.session.token) start(); else render();
