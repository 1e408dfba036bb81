// The rule form (docs/RULES.md, docs/ACTIONS.md): scope, condition, hold, clear condition, alarm and actions,
// built from selects and inputs — no code. The server validates; its field errors show next to the fields.

import * as api from '../api.js';
import { clear, errorBox, field, h, input, select } from '../dom.js';
import { state } from '../state.js';

const OPS = [['gt', '> greater than'], ['ge', '≥ at least'], ['lt', '< less than'], ['le', '≤ at most'], ['eq', '= equal to'], ['ne', '≠ not equal to']];
const OP_SIGN = { gt: '>', ge: '≥', lt: '<', le: '≤', eq: '=', ne: '≠' };
export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'indeterminate'];
const CONDITIONS = [['threshold', 'threshold (value vs. a number or text)'], ['range', 'range (inside / outside min…max)'],
  ['change', 'change of state'], ['compare', 'compare with another stream'], ['window', 'window (avg/min/max/count/delta over minutes)'],
  ['no_data', 'no data for minutes (deadman)'], ['offline', 'device offline for minutes']];
const CLEAR_KINDS = CONDITIONS.filter(([k]) => k !== 'no_data' && k !== 'offline');
const SCOPES = [['stream', 'one stream'], ['variable', 'a variable on every device of its project'], ['device', 'every stream of a device'],
  ['presence', 'a device’s online state (a device or a project)']];
const ACTIONS = {
  email: [['to', 'To (addresses, comma-separated)'], ['subject', 'Subject (template)'], ['body', 'Body (template)', 'textarea']],
  webhook: [['url', 'URL'], ['secret', 'Secret (signs the request)'], ['timeout', 'Timeout (s)', 'number']],
  slack: [['url', 'Slack incoming webhook URL'], ['text', 'Text (template)', 'textarea'], ['timeout', 'Timeout (s)', 'number']],
  publish: [['topic', 'MQTT topic'], ['payload', 'Payload (template)', 'textarea'], ['qos', 'QoS', ['0', '1']], ['retain', 'Retain', 'checkbox']],
  write: [['stream', 'Stream', 'stream'], ['value', 'Value (number or template)']],
  command: [['device', 'Device', 'device'], ['method', 'Method'], ['params', 'Params (JSON)'], ['timeout', 'Timeout (s)', 'number']],
  notify: [['title', 'Title (template)'], ['body', 'Body (template)', 'textarea']],
};

/** What a condition says, in one line ("value > 90", "no data for 15 min"). */
export function describeCondition(c) {
  if (!c) return '—';
  const v = c.text !== undefined && c.text !== null ? `"${c.text}"` : c.value;
  switch (c.kind) {
    case 'threshold': return `value ${OP_SIGN[c.op] || c.op} ${v}`;
    case 'range': return `value ${c.outside ? 'outside' : 'inside'} ${c.min}…${c.max}`;
    case 'change': return c.to !== undefined && c.to !== null ? `changes to ${c.to}` : 'changes';
    case 'compare': return `value ${OP_SIGN[c.op] || c.op} latest of ${c.stream}`;
    case 'window': return `${c.function} over ${c.minutes} min ${OP_SIGN[c.op] || c.op} ${c.value}`;
    case 'no_data': return `no data for ${c.minutes} min`;
    case 'offline': return `offline for ${c.minutes} min`;
    default: return c.kind;
  }
}

export function describeRule(r) {
  const hold = r.hold ? (r.hold.seconds ? ` for ${r.hold.seconds} s` : ` for ${r.hold.points} points`) : '';
  return describeCondition(r.condition) + hold + (r.clear ? `; clears when ${describeCondition(r.clear)}` : '');
}

/** The org's objects a rule can name: streams, variables, devices, projects (for the target selects). */
export async function orgObjects(org) {
  const [projects, devices, streams] = await Promise.all([
    api.all(`/api/v1/project/${api.query({ org: org.slug })}`),
    api.all(`/api/v1/org/${api.enc(org.slug)}/devices/${api.query({ all: 'true' })}`),
    api.all('/api/v1/stream/'),
  ]);
  const variables = (await Promise.all(projects.map((p) => api.all(`/api/v1/variable/${api.query({ project: p.slug })}`)))).flat();
  return {
    projects,
    devices,
    variables,
    streams: streams.filter((s) => s.org === org.slug && !s.block),
  };
}

function options(objects, kind) {
  const stream = objects.streams.map((s) => [s.slug, `${s.data_label || s.var_name || ''} ${s.slug}`.trim()]);
  const device = objects.devices.map((d) => [d.slug, `${d.label || ''} ${d.slug}`.trim()]);
  switch (kind) {
    case 'stream': return stream;
    case 'variable': return objects.variables.map((v) => [v.slug, `${v.name} ${v.slug}`]);
    case 'device': return device;
    case 'presence': return [...device, ...objects.projects.map((p) => [p.slug, `project ${p.name} ${p.slug}`])];
    default: return [];
  }
}

/** A select whose options are [value, text]; keeps a current value that is not among them (e.g. an object deleted since). */
function choice(name, opts, current, attrs = {}) {
  const all = current && !opts.some(([v]) => v === String(current)) ? [[String(current), String(current)], ...opts] : opts;
  const s = select(name, all, attrs);
  if (current !== undefined && current !== null) s.value = String(current);
  return s;
}

/** Wraps a control so a server error about `key` can be shown beside it. */
function slot(key, label, control, hint) {
  const f = field(label, control, hint);
  f.dataset.field = key;
  return f;
}

const num = (name, value, attrs = {}) => input(name, { type: 'number', step: 'any', value: value ?? '', ...attrs });

/** The fields of one condition kind; `p` is the field prefix ("condition" or "clear"). */
function conditionFields(p, c, objects) {
  const op = () => slot(`${p}.op`, 'Operator', choice(`${p}-op`, OPS, c.op || 'gt'));
  switch (c.kind) {
    case 'threshold': return [op(), slot(`${p}.value`, 'Value', num(`${p}-value`, c.value)),
      slot(`${p}.text`, 'or text (eq / ne)', input(`${p}-text`, { value: c.text ?? '' }))];
    case 'range': return [slot(`${p}.min`, 'Min', num(`${p}-min`, c.min)), slot(`${p}.max`, 'Max', num(`${p}-max`, c.max)),
      slot(`${p}.outside`, 'Outside the range', input(`${p}-outside`, { type: 'checkbox', checked: !!c.outside }))];
    case 'change': return [slot(`${p}.to`, 'To (optional)', input(`${p}-to`, { value: c.to ?? '' }))];
    case 'compare': return [op(), slot(`${p}.stream`, 'Other stream', choice(`${p}-stream`, options(objects, 'stream'), c.stream))];
    case 'window': return [slot(`${p}.function`, 'Function', choice(`${p}-function`, ['avg', 'min', 'max', 'count', 'delta'].map((f) => [f, f]), c.function)),
      slot(`${p}.minutes`, 'Minutes', num(`${p}-minutes`, c.minutes)), op(), slot(`${p}.value`, 'Value', num(`${p}-value`, c.value))];
    case 'no_data': case 'offline': return [slot(`${p}.minutes`, 'Minutes', num(`${p}-minutes`, c.minutes))];
    default: return [];
  }
}

/** A condition editor: a kind select and that kind's fields. */
function conditionEditor(p, initial, kinds, objects, onKind = () => {}) {
  const box = h('div', { class: 'row' });
  const kind = choice(`${p}-kind`, kinds, initial.kind || 'threshold');
  const draw = (c) => { clear(box, conditionFields(p, c, objects)); onKind(c.kind); };
  kind.addEventListener('change', () => draw({ kind: kind.value }));
  const el = h('div', { class: 'condition' }, slot(`${p}.kind`, 'Kind', kind), box);
  return { el, value: (f) => readCondition(f, p, kind.value), draw: () => draw({ kind: kind.value, ...initial }) };
}

const val = (f, name) => { const e = f.elements.namedItem(name); return e ? e.value.trim() : ''; };
const number = (f, name) => { const v = val(f, name); return v === '' ? undefined : Number(v); };

function readCondition(f, p, kind) {
  const c = { kind };
  const opt = (key, v) => { if (v !== undefined && v !== '') c[key] = v; };
  if (['threshold', 'compare', 'window'].includes(kind)) c.op = val(f, `${p}-op`);
  if (kind === 'threshold') {
    if (val(f, `${p}-text`) !== '') c.text = val(f, `${p}-text`); else opt('value', number(f, `${p}-value`));
  }
  if (kind === 'range') { opt('min', number(f, `${p}-min`)); opt('max', number(f, `${p}-max`)); c.outside = f.elements.namedItem(`${p}-outside`).checked; }
  if (kind === 'change') opt('to', val(f, `${p}-to`));
  if (kind === 'compare') c.stream = val(f, `${p}-stream`);
  if (kind === 'window') { c.function = val(f, `${p}-function`); opt('minutes', number(f, `${p}-minutes`)); opt('value', number(f, `${p}-value`)); }
  if (kind === 'no_data' || kind === 'offline') opt('minutes', number(f, `${p}-minutes`));
  return c;
}

/** One action's editor: its kind's fields, cooldown, on which transitions, a remove button. */
function actionEditor(a, objects, onRemove) {
  const root = h('fieldset', { class: 'card action' });
  const controls = {};
  const ctl = (name, spec, v) => {
    if (spec === 'textarea') return h('textarea', { 'data-key': name, rows: 2 }, v ?? '');
    if (spec === 'checkbox') return h('input', { type: 'checkbox', 'data-key': name, checked: !!v });
    if (spec === 'number') return h('input', { type: 'number', step: 'any', 'data-key': name, value: v ?? '' });
    if (spec === 'stream') return choice('', options(objects, 'stream'), v, { 'data-key': name, id: null });
    if (spec === 'device') return choice('', options(objects, 'device'), v, { 'data-key': name, id: null });
    if (Array.isArray(spec)) return choice('', spec.map((o) => [o, o]), v ?? spec[0], { 'data-key': name, id: null });
    return h('input', { 'data-key': name, value: v ?? '' });
  };
  const shown = (name, v) => {
    if (name === 'to' && Array.isArray(v)) return v.join(', ');
    if (name === 'params' && v !== undefined) return JSON.stringify(v);
    return v;
  };
  const fields = ACTIONS[a.kind].map(([name, label, spec]) => {
    controls[name] = ctl(name, spec, shown(name, a[name]));
    return slot(name, label, controls[name]);
  });
  const on = a.on || ['fired'];
  controls.cooldown = h('input', { type: 'number', step: '1', 'data-key': 'cooldown', value: a.cooldown ?? 0 });
  controls.fired = h('input', { type: 'checkbox', checked: on.includes('fired') });
  controls.cleared = h('input', { type: 'checkbox', checked: on.includes('cleared') });
  root.append(h('legend', {}, `${a.kind} action`), ...fields,
    slot('cooldown', 'Cooldown (s)', controls.cooldown),
    slot('on', 'On fired', controls.fired), field('On cleared', controls.cleared),
    h('button', { type: 'button', class: 'danger', onclick: onRemove }, `Remove ${a.kind} action`));
  root.readValue = () => {
    const out = { kind: a.kind };
    for (const [name, , spec] of ACTIONS[a.kind]) {
      const c = controls[name];
      if (spec === 'checkbox') { out[name] = c.checked; continue; }
      const v = c.value.trim();
      if (v === '') continue;
      if (name === 'to') out.to = v.split(',').map((s) => s.trim()).filter(Boolean);
      else if (name === 'params') { try { out.params = JSON.parse(v); } catch { out.params = v; } }
      else if (spec === 'number' || name === 'qos') out[name] = Number(v);
      else out[name] = v;
    }
    const cooldown = controls.cooldown.value.trim();
    if (cooldown !== '') out.cooldown = Number(cooldown);
    out.on = [controls.fired.checked ? 'fired' : null, controls.cleared.checked ? 'cleared' : null].filter(Boolean);
    return out;
  };
  return root;
}

/** Marks the fields the server named ({"condition.minutes": "must be 1 to 1440", "actions[0].to": …}). */
function showFieldErrors(f, fields) {
  for (const e of f.querySelectorAll('.field-error')) e.remove();
  for (const [key, message] of Object.entries(fields || {})) {
    const target = findSlot(f, key);
    if (target) target.append(h('small', { class: 'field-error', role: 'alert' }, `${key}: ${message}`));
  }
}

/** The slot for a field key, or for its nearest parent ("actions[1].url" → that action's "url", else the action). */
function findSlot(f, key) {
  const action = key.match(/^actions\[(\d+)\]\.?(.*)$/);
  if (action) {
    const editor = f.querySelectorAll('fieldset.action')[Number(action[1])];
    if (editor) return editor.querySelector(`[data-field="${CSS.escape(action[2].split('.')[0])}"]`) || editor;
    key = 'actions';
  }
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const el = f.querySelector(`[data-field="${CSS.escape(k)}"]`);
    if (el) return el;
  }
  return null;
}

/**
 * The form that creates (rule undefined) or changes a rule. onSaved(rule) runs after the server stored it.
 * Everything is sent whole: PATCH with every field replaces the rule's definition.
 */
export function ruleForm(rule, objects, onSaved) {
  const r = rule || { enabled: true, alarm: true, severity: 'major', scope: { kind: 'stream' }, condition: { kind: 'threshold', op: 'gt' }, actions: [] };
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const target = h('span', { class: 'contents' }); // the target's field is a flex item of the row itself, so it can shrink
  const scopeKind = choice('scope-kind', SCOPES, r.scope.kind);
  const drawTarget = (current) => clear(target, slot('scope.target', 'Target', choice('scope-target', options(objects, scopeKind.value), current)));
  scopeKind.addEventListener('change', () => drawTarget());
  drawTarget(r.scope.target);

  const clearOn = h('input', { type: 'checkbox', id: 'f-clear-on', checked: !!r.clear });
  const clearEditor = conditionEditor('clear', r.clear || { kind: 'threshold', op: 'lt' }, CLEAR_KINDS, objects);
  clearEditor.draw();
  clearEditor.el.hidden = !r.clear;
  clearOn.addEventListener('change', () => { clearEditor.el.hidden = !clearOn.checked; });
  const holdKind = choice('hold-kind', [['', 'none'], ['seconds', 'seconds'], ['points', 'points in a row']],
    r.hold ? (r.hold.seconds ? 'seconds' : 'points') : '');
  const holdAmount = num('hold-amount', r.hold ? (r.hold.seconds ?? r.hold.points) : '');
  const hold = h('div', { class: 'row' }, slot('hold', 'Hold for', holdKind), field('Amount', holdAmount, 'seconds or points'));
  const clearBox = h('fieldset', {}, h('legend', {}, 'Clear condition'),
    slot('clear', 'Separate clear condition (hysteresis)', clearOn), clearEditor.el);
  // A deadman or offline rule takes no hold and no clear condition: it clears when data comes or the device is back.
  const condition = conditionEditor('condition', r.condition, CONDITIONS, objects, (kind) => {
    const deadman = kind === 'no_data' || kind === 'offline';
    hold.hidden = deadman;
    clearBox.hidden = deadman;
  });
  condition.draw();

  const actionList = h('div', { id: 'rule-actions' });
  const addAction = (a) => {
    const editor = actionEditor(a, objects, () => editor.remove());
    actionList.append(editor);
  };
  (r.actions || []).forEach(addAction);
  const newKind = select('new-action-kind', Object.keys(ACTIONS).map((k) => [k, k]), { 'aria-label': 'Kind of the new action' });

  const f = h('form', { id: 'rule-form', class: 'card', novalidate: true },
    h('h2', {}, rule ? 'Edit rule' : 'Definition'),
    h('div', { class: 'row' },
      slot('name', 'Name', input('name', { value: r.name ?? '', maxlength: 200 })),
      slot('enabled', 'Enabled', input('enabled', { type: 'checkbox', checked: r.enabled !== false }))),
    h('fieldset', {}, h('legend', {}, 'Scope'), h('div', { class: 'row' }, slot('scope', 'Watches', scopeKind), target)),
    h('fieldset', {}, h('legend', {}, 'Condition'), condition.el, hold),
    clearBox,
    h('fieldset', {}, h('legend', {}, 'Alarm'), h('div', { class: 'row' },
      slot('alarm', 'Raise an alarm', input('alarm', { type: 'checkbox', checked: r.alarm !== false })),
      slot('severity', 'Severity', choice('severity', SEVERITIES.map((s) => [s, s]), r.severity)))),
    h('fieldset', { 'data-field': 'actions' }, h('legend', {}, 'Actions'), actionList,
      h('div', { class: 'row' }, newKind,
        h('button', { type: 'button', id: 'add-action', onclick: () => addAction({ kind: newKind.value }) }, 'Add action'))),
    h('button', { type: 'submit', class: 'primary' }, rule ? 'Save rule' : 'Create rule'),
    status);

  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = f.querySelector('button[type=submit]');
    button.disabled = true;
    status.replaceChildren();
    showFieldErrors(f, {});
    const body = {
      name: val(f, 'name'),
      enabled: f.elements.namedItem('enabled').checked,
      scope: { kind: scopeKind.value, target: val(f, 'scope-target') },
      condition: condition.value(f),
      clear: clearOn.checked && !clearBox.hidden ? clearEditor.value(f) : null,
      hold: holdKind.value && !hold.hidden && val(f, 'hold-amount') !== '' ? { [holdKind.value]: number(f, 'hold-amount') } : null,
      alarm: f.elements.namedItem('alarm').checked,
      severity: val(f, 'severity'),
      actions: [...actionList.children].map((ed) => ed.readValue()),
    };
    try {
      const saved = rule ? await api.patch(`/api/v1/rule/${rule.id}/`, body) : await api.post('/api/v1/rule/', { org: state.org.slug, ...body });
      await onSaved(saved);
    } catch (err) {
      showFieldErrors(f, err.fields);
      status.replaceChildren(errorBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return f;
}
