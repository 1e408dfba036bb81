import * as api from '../api.js';
import { clear, errorBox, field, h, input, link, select } from '../dom.js';
import { live } from '../live.js';
import { WIDGETS } from '../widgets.js';
import { editWidget } from './widget-editor.js';

const COLUMNS = 12;

export async function dashboardPage(view, id) {
  const dashboard = await api.get(`/api/v1/dashboard/${api.enc(id)}/`);
  let layout = structuredClone(dashboard.layout && dashboard.layout.widgets ? dashboard.layout : { widgets: [] });
  let editing = false;
  let subs = live.group();
  let cleanups = [];
  const grid = h('div', { class: 'dash-grid', id: 'dash-grid' });
  const title = h('h1', {}, dashboard.name);
  const bar = h('div', { class: 'toolbar' });
  const message = h('div', { 'aria-live': 'polite' });

  function renderWidgets() {
    cleanups.forEach((c) => c());
    subs.close();
    subs = live.group();
    cleanups = [];
    clear(grid);
    if (!layout.widgets.length) {
      grid.append(h('div', { class: 'empty' }, editing ? 'Add a widget with the controls above.' : 'This dashboard has no widgets yet. Choose “Edit” to add some.'));
      return;
    }
    for (const w of layout.widgets) grid.append(widgetCard(w));
  }

  function widgetCard(w) {
    const type = WIDGETS[w.type];
    const body = h('div', { class: 'body' });
    const card = h('article', { class: 'widget', dataset: { widget: w.id, type: w.type }, 'aria-label': w.config.title || (type ? type.label : w.type) },
      h('header', {}, h('span', { class: 'title' }, w.config.title || (type ? type.label : w.type)), editing ? editControls(w) : null),
      body);
    card.style.gridColumn = `${w.x + 1} / span ${w.w}`;
    card.style.gridRow = `${w.y + 1} / span ${w.h}`;
    if (!type) { body.append(errorBox(`Unknown widget type "${w.type}".`)); return card; }
    try {
      const cleanup = type.render(body, w.config, subs);
      if (typeof cleanup === 'function') cleanups.push(cleanup);
    } catch (err) {
      body.append(errorBox(err));
    }
    return card;
  }

  function change(w, fn) { fn(w); renderWidgets(); }

  function editControls(w) {
    const b = (label, text, fn) => h('button', { type: 'button', 'aria-label': `${label}: ${w.config.title || w.type}`, onclick: fn }, text);
    return h('div', { class: 'edit-controls' },
      b('Move left', '←', () => change(w, () => { w.x = Math.max(0, w.x - 1); })),
      b('Move right', '→', () => change(w, () => { w.x = Math.min(COLUMNS - w.w, w.x + 1); })),
      b('Move up', '↑', () => change(w, () => { w.y = Math.max(0, w.y - 1); })),
      b('Move down', '↓', () => change(w, () => { w.y += 1; })),
      b('Narrower', '⇠', () => change(w, () => { w.w = Math.max(1, w.w - 1); })),
      b('Wider', '⇢', () => change(w, () => { w.w = Math.min(COLUMNS - w.x, w.w + 1); })),
      b('Shorter', '⇡', () => change(w, () => { w.h = Math.max(1, w.h - 1); })),
      b('Taller', '⇣', () => change(w, () => { w.h += 1; })),
      b('Settings', '⚙', async () => { if (await editWidget(w, dashboard.org)) renderWidgets(); }),
      b('Remove', '✕', () => { layout.widgets = layout.widgets.filter((x) => x !== w); renderWidgets(); }));
  }

  function addWidget(type) {
    const spec = WIDGETS[type];
    const bottom = layout.widgets.reduce((y, w) => Math.max(y, w.y + w.h), 0);
    const w = { id: newWidgetId(), type, x: 0, y: bottom, w: spec.w, h: spec.h, config: { title: spec.label } };
    layout.widgets.push(w);
    renderWidgets();
    editWidget(w, dashboard.org).then((saved) => {
      if (!saved) layout.widgets = layout.widgets.filter((x) => x !== w); // cancelled: not added
      renderWidgets();
    });
  }

  function newWidgetId() {
    const taken = new Set(layout.widgets.map((w) => w.id));
    let n = layout.widgets.length + 1;
    while (taken.has(`w${n}`)) n += 1;
    return `w${n}`;
  }

  function renderBar() {
    clear(message);
    if (!editing) {
      clear(bar, h('button', { type: 'button', id: 'edit-dashboard', onclick: () => { editing = true; renderBar(); renderWidgets(); } }, 'Edit'),
        h('span', { class: 'muted' }, dashboard.shared ? 'Shared with the org' : 'Only you see this dashboard'));
      return;
    }
    const name = input('dash-name', { value: dashboard.name, required: true });
    const shared = input('dash-shared', { type: 'checkbox', checked: !!dashboard.shared });
    const type = select('widget-type', Object.entries(WIDGETS).map(([k, v]) => [k, v.label]));
    clear(bar,
      field('Name', name),
      h('label', { class: 'field' }, h('span', {}, 'Shared with the org'), shared),
      field('Widget', type),
      h('button', { type: 'button', id: 'add-widget', onclick: () => addWidget(type.value) }, 'Add widget'),
      h('button', { type: 'button', class: 'primary', id: 'save-dashboard', onclick: async () => {
        try {
          const saved = await api.patch(`/api/v1/dashboard/${api.enc(id)}/`, { name: name.value, shared: shared.checked, layout });
          Object.assign(dashboard, saved);
          title.textContent = saved.name;
          editing = false;
          renderBar();
          renderWidgets();
          message.append(h('p', { class: 'ok' }, 'Dashboard saved.'));
        } catch (err) { clear(message, errorBox(err)); }
      } }, 'Save'),
      h('button', { type: 'button', onclick: () => {
        layout = structuredClone(dashboard.layout && dashboard.layout.widgets ? dashboard.layout : { widgets: [] });
        editing = false; renderBar(); renderWidgets();
      } }, 'Cancel'));
  }

  clear(view, h('p', { class: 'crumbs' }, link('#/dashboards', 'Dashboards'), ' / ', dashboard.name), title, bar, message, grid);
  renderBar();
  renderWidgets();
  return () => { cleanups.forEach((c) => c()); subs.close(); };
}
