// In-app notifications left by rules' notify actions (docs/ACTIONS.md): newest first, read state per user.

import * as api from '../api.js';
import { actionButton, clear, empty, h, link, table, time } from '../dom.js';
import { refreshAlerts } from '../alerts.js';
import { state } from '../state.js';
import { noOrg } from './projects.js';

export async function notificationsPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const page = await api.get(`/api/v1/notification/${api.query({ org: org.slug, page_size: 200 })}`);
  const again = async () => { await notificationsPage(view); await refreshAlerts(); };
  clear(view,
    h('h1', {}, `Notifications in ${org.name}`),
    page.results.some((n) => !n.read) ? h('div', { class: 'toolbar' }, actionButton('Mark all read', { id: 'mark-all-read' }, async () => {
      await api.post('/api/v1/notification/read/', { org: org.slug });
      await again();
    })) : null,
    page.results.length ? h('div', { id: 'notifications' }, table(['Time', 'Title', 'Body', 'Severity', 'Alarm', ''], page.results.map((n) => [
      time(n.created_on), n.read ? n.title : h('strong', {}, n.title), n.body || '', n.severity || '—',
      n.alarm ? link(`#/alarm/${n.alarm}`, `#${n.alarm}`) : '—',
      n.read ? 'read' : actionButton('Mark read', { 'aria-label': `Mark notification ${n.id} read` }, async () => {
        await api.post(`/api/v1/notification/${n.id}/read/`);
        await again();
      }),
    ]))) : empty('No notifications. Rules with a “notify” action leave them here.'));
}
