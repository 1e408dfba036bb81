// Alarms (docs/RULES.md "Alarms"): the org's alarms with filters, acknowledge and clear, one alarm with its
// history (also the page the action emails link to: #/alarm/{id}), all kept live from the WebSocket's alarm messages.

import * as api from '../api.js';
import { actionButton, clear, empty, field, flash, h, link, select, table, time } from '../dom.js';
import { live } from '../live.js';
import { can, state } from '../state.js';
import { noOrg } from './projects.js';
import { SEVERITIES } from './rule-form.js';

/**
 * Calls onChange(alarm message) for every alarm change of the org: one org subscription of the live API, which
 * carries every alarm of the org (streams without a device and projects made later included). Returns a cleanup.
 */
export async function watchOrgAlarms(org, onChange) {
  const subs = live.group();
  subs.subscribe({ org: org.slug }, (m) => { if (m.type === 'alarm' || m.type === 'dropped') onChange(m); });
  return subs.close;
}

/** Calls fn at most once per `ms`, the last call winning (a burst of alarm messages is one reload). */
function debounce(fn, ms = 300) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

const statusBadge = (status) => h('span', { class: `badge ${status === 'active' ? 'alarm' : status === 'acknowledged' ? 'ack' : 'off'}` }, status);

/** Acknowledge and clear buttons of an alarm, for members, where the transition is allowed. */
function alarmButtons(a, after) {
  if (!can('member')) return '';
  return h('span', { class: 'toolbar' },
    a.status === 'active' ? actionButton('Acknowledge', { 'aria-label': `Acknowledge alarm ${a.id}` }, async () => {
      await api.post(`/api/v1/alarm/${a.id}/ack/`);
      await after();
    }) : null,
    a.status !== 'cleared' ? actionButton('Clear', { class: 'danger', 'aria-label': `Clear alarm ${a.id}` }, async () => {
      await api.post(`/api/v1/alarm/${a.id}/clear/`);
      await after();
    }) : null);
}

export async function alarmsPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const devices = await api.all(`/api/v1/org/${api.enc(org.slug)}/devices/${api.query({ all: 'true' })}`);
  const status = select('status', [['open', 'open (active or acknowledged)'], ['active', 'active'], ['acknowledged', 'acknowledged'], ['cleared', 'cleared'], ['', 'any']]);
  const severity = select('severity', [['', 'any'], ...SEVERITIES.map((s) => [s, s])]);
  const device = select('device', [['', 'any'], ...devices.map((d) => [d.slug, `${d.label || ''} ${d.slug}`.trim()])]);
  const list = h('div', { id: 'alarms' });
  const reload = async () => {
    const page = await api.get(`/api/v1/alarm/${api.query({ org: org.slug, status: status.value, severity: severity.value, device: device.value, page_size: 200 })}`);
    clear(list, page.results.length ? table(['Alarm', 'Rule', 'Originator', 'Severity', 'Status', 'Value', 'Raised', 'Updated', ''],
      page.results.map((a) => [link(`#/alarm/${a.id}`, `#${a.id}`), link(`#/rule/${a.rule}`, a.rule_name || String(a.rule)), a.originator,
        a.severity, statusBadge(a.status), a.value ?? a.text ?? '—', time(a.created_on), time(a.updated_on), alarmButtons(a, reload)]),
      `${page.count} alarm(s)`) : empty('No alarms match. Rules raise them when their condition holds.'));
  };
  for (const s of [status, severity, device]) s.addEventListener('change', () => reload().catch(flash));
  await reload();
  clear(view, h('h1', {}, `Alarms in ${org.name}`),
    h('div', { class: 'card inline', id: 'alarm-filters' }, field('Status', status), field('Severity', severity), field('Device', device)),
    list);
  return watchOrgAlarms(org, debounce(() => reload().catch(flash)));
}

export async function alarmPage(view, id) {
  const subs = live.group();
  const draw = async () => {
    const [a, history] = await Promise.all([api.get(`/api/v1/alarm/${api.enc(id)}/`), api.get(`/api/v1/alarm/${api.enc(id)}/history/`)]);
    clear(view,
      h('p', { class: 'crumbs' }, link('#/alarms', 'Alarms'), ' / ', `#${a.id}`),
      h('h1', {}, `Alarm #${a.id}: ${a.rule_name || ''}`),
      h('dl', { class: 'facts', id: 'alarm-facts' },
        h('dt', {}, 'Status'), h('dd', {}, statusBadge(a.status)),
        h('dt', {}, 'Severity'), h('dd', {}, a.severity),
        h('dt', {}, 'Rule'), h('dd', {}, link(`#/rule/${a.rule}`, a.rule_name || String(a.rule))),
        h('dt', {}, 'Originator'), h('dd', {}, a.originator.startsWith('s--') ? link(`#/stream/${a.originator}`, a.originator) : a.originator),
        h('dt', {}, 'Device'), h('dd', {}, a.device ? link(`#/device/${a.device}`, a.device) : '—'),
        h('dt', {}, 'Value'), h('dd', {}, String(a.value ?? a.text ?? '—')),
        h('dt', {}, 'Raised'), h('dd', {}, time(a.created_on)),
        h('dt', {}, 'Acknowledged'), h('dd', {}, a.acked_on ? [time(a.acked_on), ` by ${a.acked_by || '—'}`] : '—'),
        h('dt', {}, 'Cleared'), h('dd', {}, a.cleared_on ? [time(a.cleared_on), ` by ${a.cleared_by || 'the rule'}`] : '—')),
      alarmButtons(a, draw),
      h('h2', {}, 'History'),
      h('div', { id: 'alarm-history' }, table(['Time', 'What', 'By', 'Value'], history.results.map((e) => [
        time(e.timestamp), e.what, e.by || '—', String(e.value ?? e.text ?? '—')]))));
    return a;
  };
  const a = await draw();
  const redraw = debounce(() => draw().catch(() => {}));
  subs.subscribe(a.device || a.originator, (m) => { if (m.type === 'alarm' && String(m.alarm.id) === String(a.id)) redraw(); });
  return subs.close;
}
