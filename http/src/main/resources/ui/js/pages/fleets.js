// Fleets (issue 17): the org's fleets, and a fleet's devices and deployments with their progress.
import * as api from '../api.js';
import { actionButton, clear, empty, field, flash, form, h, input, link, refresh, select, table, time } from '../dom.js';
import { can, state } from '../state.js';
import { noOrg } from './projects.js';

export async function fleetsPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const fleets = await api.all(`/api/v1/fleet/${api.query({ org: org.slug })}`);
  clear(view,
    h('h1', {}, `Fleets in ${org.name}`),
    h('p', { class: 'muted' }, 'A fleet groups devices for deployments (firmware updates) and overviews; a device may be in several fleets.'),
    fleets.length
      ? table(['Name', 'Slug', 'Description', 'Network'], fleets.map((f) => [
        link(`#/fleet/${f.slug}`, f.name), h('code', {}, f.slug), f.description || '', f.is_network ? 'yes' : 'no']))
      : empty(can('admin') ? 'No fleets yet. Create one below, then add devices to it.' : 'No fleets yet. An org admin can create one.'),
    can('admin') ? form({ class: 'card inline', id: 'new-fleet' }, [
      h('h2', {}, 'New fleet'),
      field('Name', input('name', { required: true, maxlength: 100 })),
      field('Description', input('description', { maxlength: 200 })),
      h('button', { type: 'submit', class: 'primary' }, 'Create fleet'),
    ], async ({ name, description }) => {
      const f = await api.post('/api/v1/fleet/', { org: org.slug, name, description });
      location.hash = `#/fleet/${f.slug}`;
    }) : null);
}

export async function fleetPage(view, slug) {
  const fleet = await api.get(`/api/v1/fleet/${api.enc(slug)}/`);
  const [members, requests] = await Promise.all([
    api.all(`/api/v1/fleet/${api.enc(slug)}/devices/`),
    api.all(`/api/v1/ota/request/${api.query({ fleet: slug, all: '1' })}`),
  ]);
  const admin = can('admin');
  const memberTable = members.length
    ? table(['Device', 'Access point', 'Always on', ''], members.map((m) => [
      link(`#/device/${m.device}`, m.device), m.is_access_point ? 'yes' : 'no', m.always_on ? 'yes' : 'no',
      admin ? actionButton('Remove', { class: 'danger', 'aria-label': `Remove ${m.device} from the fleet` }, async () => {
        await api.post(`/api/v1/fleet/${api.enc(slug)}/deregister/`, { device: m.device });
        flash(`${m.device} removed from ${fleet.name}.`);
        refresh();
      }, `Remove ${m.device} from the fleet "${fleet.name}"?`) : '']))
    : empty(admin ? 'No devices in this fleet yet. Add one below.' : 'No devices in this fleet yet.');
  const deployments = requests.length
    ? table(['Request', 'Script', 'Criteria', 'Released', 'Completed', 'Progress', 'Rollout', ''], requests.map((r) => [
      String(r.id), h('code', {}, r.script), (r.selection_criteria || []).join(', ') || 'all devices',
      time(r.released_on), time(r.completed_on), progressText(r.progress), rolloutText(r),
      admin ? rolloutButtons(r) : '']))
    : empty('No deployments for this fleet.');
  clear(view,
    h('h1', {}, `Fleet ${fleet.name}`),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Slug'), h('dd', {}, fleet.slug),
      h('dt', {}, 'Description'), h('dd', {}, fleet.description || '—'),
      h('dt', {}, 'Network'), h('dd', {}, fleet.is_network ? 'yes' : 'no')),
    h('h2', {}, 'Devices'), memberTable,
    admin ? await addDeviceForm(fleet, members) : null,
    h('h2', {}, 'Deployments'), deployments);
}

function progressText(p) {
  if (!p || !p.total) return 'not released';
  const waiting = p.waiting ? ` (${p.waiting} waiting for their turn)` : '';
  return `${p.confirmed} confirmed, ${p.attempted} attempted, ${p.failed} failed, ${p.pending} pending of ${p.total}${waiting}`;
}

// Staged rollout (issue 17, point 5): its state, why it stopped, and its pace and threshold.
function rolloutText(r) {
  if (!r.released_on) return '—';
  const pace = r.max_devices_per_minute ? `${r.max_devices_per_minute}/min` : 'all at once';
  const limit = r.max_failure_percent != null ? `, stops above ${r.max_failure_percent} % failed` : '';
  const reason = r.rollout_reason ? `: ${r.rollout_reason}` : '';
  return `${r.rollout}${reason} (${pace}${limit})`;
}

// Pause a running rollout, resume a paused or stopped one, cancel any released request not completed.
function rolloutButtons(r) {
  if (!r.released_on || r.completed_on) return '';
  const step = (what, label, confirmText) => actionButton(label, { 'aria-label': `${label} deployment ${r.id}`, ...(what === 'cancel' ? { class: 'danger' } : {}) },
    async () => {
      await api.post(`/api/v1/ota/request/${r.id}/${what}/`, {});
      flash(`Deployment ${r.id}: ${what === 'cancel' ? 'cancelled' : what + 'd'}.`);
      refresh();
    }, confirmText);
  return h('span', { class: 'actions' },
    r.rollout === 'running' ? step('pause', 'Pause') : step('resume', 'Resume'),
    step('cancel', 'Cancel', `Cancel deployment ${r.id}? Devices still waiting will not get it.`));
}

async function addDeviceForm(fleet, members) {
  const inFleet = new Set(members.map((m) => m.device));
  const devices = (await api.all(`/api/v1/org/${api.enc(state.org.slug)}/devices/${api.query({ all: 'true' })}`))
    .filter((d) => !inFleet.has(d.slug));
  if (!devices.length) return null;
  return form({ class: 'card inline', id: 'add-to-fleet' }, [
    h('h2', {}, 'Add a device'),
    field('Device', select('device', devices.map((d) => [d.slug, `${d.label} (${d.slug})`]))),
    h('label', { class: 'field' }, h('span', {}, 'Access point'), input('is_access_point', { type: 'checkbox', value: 'true' })),
    h('label', { class: 'field' }, h('span', {}, 'Always on'), input('always_on', { type: 'checkbox', value: 'true' })),
    h('button', { type: 'submit', class: 'primary' }, 'Add to fleet'),
  ], async (data) => {
    await api.post(`/api/v1/fleet/${api.enc(fleet.slug)}/register/`,
      { device: data.device, is_access_point: data.is_access_point === 'true', always_on: data.always_on === 'true' });
    refresh();
  });
}
