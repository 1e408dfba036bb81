import * as api from '../api.js';
import { clear, empty, field, form, h, input, link, refresh, table, time } from '../dom.js';
import { can, state } from '../state.js';
import { deviceRows, deviceColumns, watchPresence } from './device-list.js';

export async function projectsPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const projects = await api.all(`/api/v1/project/${api.query({ org: org.slug })}`);
  const create = can('admin') ? form({ class: 'card inline', id: 'new-project' }, [
    h('h2', {}, 'New project'),
    field('Name', input('name', { required: true, maxlength: 100 })),
    field('About', input('about')),
    h('button', { type: 'submit', class: 'primary' }, 'Create project'),
  ], async (data) => {
    const p = await api.post('/api/v1/project/', { org: org.slug, ...data });
    location.hash = `#/project/${p.slug}`;
  }) : null;
  clear(view,
    h('h1', {}, `Projects in ${org.name}`),
    projects.length
      ? table(['Name', 'Slug', 'Created'], projects.map((p) => [link(`#/project/${p.slug}`, p.name), p.slug, time(p.created_on)]))
      : empty('No projects yet.' + (can('admin') ? ' Create the first one below.' : '')),
    create);
}

export function noOrg() {
  return h('div', {}, h('h1', {}, 'Welcome'), empty('You are not a member of any org yet.', link('#/org', 'Create an org')));
}

export async function projectPage(view, slug) {
  const project = await api.get(`/api/v1/project/${api.enc(slug)}/`);
  const [devices, variables, streams] = await Promise.all([
    api.all(`/api/v1/device/${api.query({ project: slug })}`),
    api.all(`/api/v1/variable/${api.query({ project: slug })}`),
    api.all(`/api/v1/stream/${api.query({ project: slug })}`),
  ]);
  const deviceTable = devices.length ? table(deviceColumns, deviceRows(devices)) : empty('No devices in this project yet.');
  const stop = watchPresence(project.slug, deviceTable);
  clear(view,
    h('p', { class: 'crumbs' }, link('#/projects', 'Projects'), ' / ', project.slug),
    h('h1', {}, project.name),
    project.about ? h('p', {}, project.about) : null,
    h('section', { 'aria-labelledby': 'devices-h' }, h('h2', { id: 'devices-h' }, 'Devices'), deviceTable,
      can('admin') ? newDeviceForm(project) : null),
    h('section', { 'aria-labelledby': 'variables-h' }, h('h2', { id: 'variables-h' }, 'Variables'),
      variables.length
        ? table(['Name', 'Slug', 'Units'], variables.map((v) => [v.name, v.slug, v.units || '']))
        : empty('No variables yet. Devices create them by sending data, or add one here.'),
      can('admin') ? newVariableForm(project) : null),
    h('section', { 'aria-labelledby': 'streams-h' }, h('h2', { id: 'streams-h' }, 'Streams'),
      streams.length ? streamTable(streams) : empty('No streams yet: they appear with a device’s first data.')));
  return stop;
}

export function streamTable(streams) {
  return table(['Stream', 'Variable', 'Device', 'Type'], streams.map((s) => [
    link(`#/stream/${s.slug}`, s.data_label || s.var_name || s.slug), s.variable, s.device || 'virtual', s.value_type]));
}

function newDeviceForm(project) {
  const out = h('div');
  const f = form({ class: 'card inline', id: 'new-device' }, [
    h('h3', {}, 'New device'),
    field('Label', input('label', { required: true, maxlength: 100 })),
    h('button', { type: 'submit', class: 'primary' }, 'Create device'),
    out,
  ], async ({ label }) => {
    const d = await api.post('/api/v1/device/', { org: project.org, project: project.slug, label });
    clear(out, h('p', {}, 'Created ', link(`#/device/${d.slug}`, d.slug), '.'),
      h('div', { class: 'secret', role: 'alert' }, h('p', {}, 'Device token — shown only now, copy it:'),
        h('code', { class: 'secret-value', id: 'device-token' }, d.token)));
  });
  return f;
}

function newVariableForm(project) {
  return form({ class: 'card inline', id: 'new-variable' }, [
    h('h3', {}, 'New variable'),
    field('Name', input('name', { required: true })),
    field('Units', input('units')),
    h('button', { type: 'submit', class: 'primary' }, 'Add variable'),
  ], async (data) => {
    await api.post('/api/v1/variable/', { project: project.slug, ...data });
    refresh();
  });
}
