// The settings dialog of one dashboard widget; fields come from the widget type's spec.

import * as api from '../api.js';
import { field, h, input } from '../dom.js';
import { WIDGETS } from '../widgets.js';

let choices = null; // {org, streams, devices, projects} for the input suggestions

async function loadChoices(org) {
  if (choices && choices.org === org) return choices;
  const projects = await api.all(`/api/v1/project/${api.query({ org })}`);
  const streams = (await Promise.all(projects.map((p) => api.all(`/api/v1/stream/${api.query({ project: p.slug })}`)))).flat();
  const devices = await api.all(`/api/v1/org/${api.enc(org)}/devices/`);
  choices = { org, projects, streams, devices };
  return choices;
}

function datalist(id, options) {
  return h('datalist', { id }, options.map(([value, text]) => h('option', { value }, text)));
}

/** Opens the dialog; resolves true when the user saved new settings into w.config. */
export async function editWidget(w, org) {
  const spec = WIDGETS[w.type];
  const c = await loadChoices(org).catch(() => ({ projects: [], streams: [], devices: [] }));
  const lists = h('div', {},
    datalist('dl-streams', c.streams.map((s) => [s.slug, `${s.var_name || s.variable} · ${s.device || 'virtual'}`])),
    datalist('dl-devices', c.devices.map((d) => [d.slug, d.label])),
    datalist('dl-projects', c.projects.map((p) => [p.slug, p.name])));
  const controls = [['title', 'Title', 'text'], ...spec.fields].map(([name, label, kind]) => {
    const value = name === 'streams' ? (w.config.streams || []).join(', ') : (w.config[name] ?? '');
    const attrs = { id: `wf-${name}`, value: String(value) };
    if (kind === 'number') Object.assign(attrs, { type: 'number', step: 'any' });
    if (kind === 'stream' || kind === 'streams') attrs.list = 'dl-streams';
    if (kind === 'device') attrs.list = 'dl-devices';
    if (kind === 'project') attrs.list = 'dl-projects';
    const control = kind === 'textarea' ? h('textarea', { name, id: attrs.id, rows: 4 }, String(value)) : input(name, attrs);
    return field(label, control);
  });
  const dialog = h('dialog', { 'aria-label': `${spec.label} settings` },
    h('form', { method: 'dialog' }, h('h2', {}, `${spec.label} settings`), lists, controls,
      h('div', { class: 'toolbar' },
        h('button', { type: 'submit', value: 'save', class: 'primary', id: 'widget-save' }, 'Apply'),
        h('button', { type: 'submit', value: 'cancel' }, 'Cancel'))));
  document.body.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const saved = dialog.returnValue === 'save';
      if (saved) {
        for (const [name, , kind] of [['title', 'Title', 'text'], ...spec.fields]) {
          const raw = dialog.querySelector(`[name="${name}"]`).value.trim();
          if (kind === 'streams') w.config[name] = raw.split(',').map((s) => s.trim()).filter(Boolean);
          else if (kind === 'number') { if (raw === '') delete w.config[name]; else w.config[name] = Number(raw); }
          else w.config[name] = raw;
        }
      }
      dialog.remove();
      resolve(saved);
    });
  });
}
