import * as api from '../api.js';
import { actionButton, clear, empty, field, form, h, input, link, refresh, secret, select, table, time } from '../dom.js';
import { can, state } from '../state.js';
import { deviceColumns, deviceRows, onlineBadge, watchPresence } from './device-list.js';
import { noOrg, streamTable } from './projects.js';
import { deviceBlocks } from './blocks.js';

export async function devicesPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const [devices, projects] = await Promise.all([
    api.all(`/api/v1/org/${api.enc(org.slug)}/devices/${api.query({ all: 'true' })}`),
    api.all(`/api/v1/project/${api.query({ org: org.slug })}`),
  ]);
  const list = devices.length ? table(deviceColumns, deviceRows(devices)) : empty('No devices in this org yet. Create one on a project’s page.');
  const stops = projects.map((p) => watchPresence(p.slug, list));
  clear(view, h('h1', {}, `Devices in ${org.name}`), list,
    can('member') && projects.length ? claimForm(projects) : null);
  return () => stops.forEach((stop) => stop());
}

function claimForm(projects, device) {
  return form({ class: 'card inline', id: 'claim-device' }, [
    h('h2', {}, 'Claim a device'),
    device ? null : field('Device', input('device', { required: true, placeholder: 'd--0000-0000-0000-0001' })),
    field('Project', select('project', projects.map((p) => [p.slug, `${p.name} (${p.slug})`]))),
    h('button', { type: 'submit', class: 'primary' }, 'Claim'),
  ], async (data) => {
    await api.post('/api/v1/device/claim/', { device: device || data.device, project: data.project });
    refresh();
  });
}

export async function devicePage(view, slug) {
  const device = await api.get(`/api/v1/device/${api.enc(slug)}/`);
  const streams = await api.all(`/api/v1/stream/${api.query({ device: slug })}`);
  const presence = h('span', { dataset: { presence: device.slug } }, onlineBadge(device.online));
  const seen = h('span', { dataset: { seen: device.slug } }, time(device.last_seen));
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Slug'), h('dd', {}, device.slug),
    h('dt', {}, 'State'), h('dd', {}, presence),
    h('dt', {}, 'Last seen'), h('dd', {}, seen),
    h('dt', {}, 'Project'), h('dd', {}, device.project_slug ? link(`#/project/${device.project_slug}`, device.project_slug) : 'unclaimed'),
    h('dt', {}, 'Position'), h('dd', {}, device.lat == null ? '—' : `${device.lat}, ${device.lon}`));
  const stop = watchPresence(device.slug, facts);
  const actions = h('div', { class: 'actions' });
  if (can('admin')) actions.append(rotateButton(device));
  if (!device.project_slug && can('member')) {
    const projects = await api.all(`/api/v1/project/${api.query({ org: device.org })}`);
    if (projects.length) actions.append(claimForm(projects, device.slug));
  }
  const blocks = deviceBlocks(device);
  await blocks.load();
  clear(view,
    h('p', { class: 'crumbs' }, link('#/devices', 'Devices'), ' / ', device.slug),
    h('h1', {}, device.label || device.slug), facts, actions,
    h('h2', {}, 'Streams'), streams.length ? streamTable(streams) : empty('No streams yet: they appear with the first data.'),
    h('h2', {}, 'Streamers'), await streamerTable(device.slug), blocks.el);
  return () => { stop(); blocks.stop(); };
}

/** The device's IOTile streamers (created by their first uploaded report), each with its newest report. */
async function streamerTable(deviceSlug) {
  const streamers = await api.all(`/api/v1/streamer/${api.query({ device: deviceSlug })}`);
  if (!streamers.length) return empty('No streamers: they appear with the first streamer report a gateway uploads for this device.');
  const newest = await Promise.all(streamers.map((st) =>
    api.get(`/api/v1/streamer/${api.enc(st.slug)}/report/${api.query({ page_size: 1 })}`).then((page) => page.results[0])));
  return h('div', { id: 'streamers' }, table(['Streamer', 'Selector', 'Last id', 'Last reboot', 'Last report', 'State', 'Readings'],
    streamers.map((st, i) => {
      const r = newest[i];
      return [st.slug, `0x${st.selector.toString(16).toUpperCase()}`, String(st.last_id), time(st.last_reboot_ts),
        r ? time(r.created_on) : '—', r ? (r.refusal ? `${r.state}: ${r.refusal}` : r.state) : '—', r ? String(r.count) : '—'];
    })));
}

function rotateButton(device) {
  const out = h('div');
  const button = actionButton('Rotate access token', { id: 'rotate-token' }, async () => {
    const d = await api.post(`/api/v1/device/${api.enc(device.slug)}/token/`);
    clear(out, secret('New device token', d.token));
  }, 'Rotate the token? The device must then use the new one.');
  return h('div', { class: 'card inline' }, h('h2', {}, 'Access token'),
    h('p', { class: 'muted' }, 'The token is stored hashed; rotating shows the new one once.'), button, out);
}
