// The top bar's open-alarm badge and notification count for the chosen org: counted from the REST API, counted
// again on every page change and whenever a live alarm message arrives (a notification comes with a firing).

import * as api from './api.js';
import { state } from './state.js';
import { watchOrgAlarms } from './pages/alarms.js';

let stop = null;
let generation = 0; // which call of watchAlerts is the newest

async function count(path, params) {
  const page = await api.get(`${path}${api.query({ ...params, page_size: 1 })}`);
  return page.count;
}

/** Counts open alarms and unread notifications of the chosen org and shows them in the top bar. */
export async function refreshAlerts() {
  const org = state.org;
  const badge = document.getElementById('alarm-badge');
  const bell = document.getElementById('notification-count');
  if (!org) { badge.hidden = true; bell.textContent = '0'; return; }
  try {
    const [open, unread] = await Promise.all([
      count('/api/v1/alarm/', { org: org.slug, status: 'open' }),
      count('/api/v1/notification/', { org: org.slug, unread: 'true' }),
    ]);
    badge.hidden = false;
    badge.textContent = `${open} open alarm${open === 1 ? '' : 's'}`;
    badge.dataset.count = String(open);
    badge.className = open ? 'badge alarm' : 'badge off';
    bell.textContent = String(unread);
    bell.dataset.count = String(unread);
    bell.className = unread ? 'badge alarm' : 'badge off';
  } catch {
    // the counts are a convenience: a failed count leaves the last one shown
  }
}

/** Follows the chosen org's alarms live (again after an org switch or a new login). */
export async function watchAlerts() {
  const org = state.org;
  if (stop) { stop(); stop = null; }
  const mine = ++generation;
  refreshAlerts();
  if (!org) return;
  let timer = null;
  let later = null;
  const off = await watchOrgAlarms(org, () => {
    clearTimeout(timer);
    clearTimeout(later);
    timer = setTimeout(refreshAlerts, 200);
    later = setTimeout(refreshAlerts, 5000); // a notify action is a job that runs just after the alarm's change
  });
  if (mine !== generation) off(); // a newer call (org switch, logout) came while subscribing
  else stop = off;
}

/** Forgets the subscriptions (after logout the live connection has dropped them all). */
export function stopAlerts() { stop = null; generation++; }
