// Dashboard widgets. Each type has a label, its default size, the config fields the editor asks
// for, and render(body, config, live) that draws into body and returns a cleanup function.
// The layout format is described in docs/UI.md.

import * as api from './api.js';
import { clear, errorBox, h, table, time } from './dom.js';
import { appendPoint, lineChart, loadSeries, numeric } from './timechart.js';

/** How long the slider waits after the last keyboard step before it sends the value. */
const SLIDER_SETTLE_MS = 400;
const display = (p) => (p.display_value ?? (typeof p.value === 'object' ? JSON.stringify(p.value) : String(p.value ?? p.int_value)));

async function latest(slug) {
  const points = await api.get(`/api/v1/data/latest/${api.query({ filter: slug })}`);
  return points[0] || null;
}

async function sendCommand(config, params) {
  return api.post(`/api/v1/device/${api.enc(config.device)}/rpc/`, { method: config.method, params, oneway: true });
}

const COMMAND_STATUSES = ['queued', 'sent', 'delivered', 'replied', 'expired', 'failed'];

/**
 * Shows cmd's status in el, but never an earlier status of the command already shown: the POST's
 * answer (often still "queued") may arrive after the live updates that followed it.
 */
function showCommand(el, cmd) {
  const rank = COMMAND_STATUSES.indexOf(cmd.status);
  if (el.dataset.command === String(cmd.id) && rank < Number(el.dataset.rank)) return;
  el.dataset.command = String(cmd.id);
  el.dataset.rank = String(rank);
  el.textContent = `command ${cmd.id}: ${cmd.status}`;
}

/** Shows in status each change of the device's commands of the widget's method (sent from here or elsewhere). */
function followCommands(config, live, status) {
  if (!config.device) return;
  live.subscribe(config.device, (m) => {
    if (m.type === 'command' && m.command.method === config.method) showCommand(status, m.command);
  });
}

/** What a widget shows until its settings name what it needs; no cleanup needed. */
function needsSettings(body, text) {
  clear(body, h('p', { class: 'muted' }, text));
  return null;
}

function parseJson(text, fallback) {
  if (text === undefined || text === null || text === '') return fallback;
  try { return JSON.parse(text); } catch { return text; }
}

export const WIDGETS = {
  line: {
    label: 'Line chart', w: 6, h: 3,
    fields: [['streams', 'Streams (slugs, comma-separated)', 'streams'], ['minutes', 'Time window in minutes', 'number']],
    render(body, config, live) {
      const streams = (config.streams || []).filter(Boolean);
      if (!streams.length) return needsSettings(body, 'Choose one or more streams in the settings.');
      const canvas = h('canvas', { role: 'img', 'aria-label': `Chart of ${streams.join(', ')}` });
      const legend = h('p', { class: 'latest muted', 'aria-live': 'polite' });
      const values = new Map();
      const showLegend = () => { legend.textContent = [...values].map(([s, v]) => `${s}: ${v}`).join(' · '); };
      clear(body, h('div', { class: 'chart-holder' }, canvas), legend);
      const chart = lineChart(canvas, streams);
      const windowMs = (Number(config.minutes) || 60) * 60000;
      const end = Date.now();
      Promise.all(streams.map((s) => loadSeries(s, end - windowMs, end + 60000))).then((all) => {
        all.forEach((series, i) => {
          chart.data.datasets[i].data.unshift(...series.points.filter((p) => !chart.data.datasets[i].data.some((q) => q.x === p.x)));
          const last = series.points[series.points.length - 1];
          if (last && !values.has(streams[i])) values.set(streams[i], String(last.y));
        });
        showLegend();
        chart.update('none');
      }).catch((err) => body.append(errorBox(err)));
      streams.forEach((slug, i) => live.subscribe(slug, (m) => {
        if (m.type !== 'point') return;
        const y = numeric(m.data);
        values.set(slug, display(m.data));
        showLegend();
        if (y === null) return;
        const x = Date.parse(m.data.timestamp);
        appendPoint(chart, i, x, y, Date.now() - windowMs);
        chart.update('none');
      }));
      return () => chart.destroy();
    },
  },
  gauge: {
    label: 'Gauge', w: 3, h: 3,
    fields: [['stream', 'Stream', 'stream'], ['min', 'Minimum', 'number'], ['max', 'Maximum', 'number'], ['units', 'Units', 'text']],
    render(body, config, live) {
      const min = Number(config.min ?? 0);
      const max = Number(config.max ?? 100);
      const canvas = h('canvas', { class: 'gauge', role: 'img', 'aria-label': 'Gauge' });
      const text = h('div', { class: 'value', 'aria-live': 'polite' }, '—');
      clear(body, h('div', { class: 'chart-holder' }, canvas), text);
      if (!window.Chart) throw new Error('The chart library did not load.');
      const chart = new window.Chart(canvas, {
        type: 'doughnut',
        data: { datasets: [{ data: [0, 1], backgroundColor: ['#2563eb', '#e5e7eb'], borderWidth: 0 }] },
        options: { rotation: -90, circumference: 180, cutout: '70%', animation: false, maintainAspectRatio: false,
          plugins: { legend: { display: false }, tooltip: { enabled: false } } },
      });
      const set = (p) => {
        const v = numeric(p);
        text.textContent = `${display(p)}${config.units ? ` ${config.units}` : ''}`;
        if (v === null) return;
        const clamped = Math.min(max, Math.max(min, v));
        chart.data.datasets[0].data = [clamped - min, max - clamped];
        canvas.setAttribute('aria-label', `Gauge: ${v} between ${min} and ${max}`);
        chart.update('none');
      };
      if (config.stream) {
        latest(config.stream).then((p) => p && set(p)).catch((err) => body.append(errorBox(err)));
        live.subscribe(config.stream, (m) => m.type === 'point' && set(m.data));
      }
      return () => chart.destroy();
    },
  },
  value: {
    label: 'Last value', w: 3, h: 2,
    fields: [['stream', 'Stream', 'stream'], ['units', 'Units', 'text']],
    render(body, config, live) {
      const text = h('div', { class: 'value', 'aria-live': 'polite' }, '—');
      const when = h('p', { class: 'muted' });
      clear(body, text, when);
      const set = (p) => {
        text.textContent = `${display(p)}${config.units ? ` ${config.units}` : ''}`;
        clear(when, time(p.timestamp));
      };
      if (!config.stream) return needsSettings(body, 'Choose a stream in the settings.');
      latest(config.stream).then((p) => (p ? set(p) : (when.textContent = 'no data yet'))).catch((err) => body.append(errorBox(err)));
      live.subscribe(config.stream, (m) => m.type === 'point' && set(m.data));
      return null;
    },
  },
  toggle: {
    label: 'On/off toggle', w: 2, h: 2,
    fields: [['device', 'Device', 'device'], ['method', 'Command method', 'text'], ['on', 'Params when on (JSON)', 'text'],
      ['off', 'Params when off (JSON)', 'text'], ['stream', 'Stream that reports the state (optional)', 'stream']],
    render(body, config, live) {
      let on = false;
      const status = h('p', { class: 'muted', 'aria-live': 'polite' });
      const button = h('button', { type: 'button', class: 'switch', 'aria-pressed': 'false' }, 'Off');
      const show = () => { button.setAttribute('aria-pressed', String(on)); button.textContent = on ? 'On' : 'Off'; };
      button.addEventListener('click', async () => {
        if (!config.device || !config.method) { status.textContent = 'Set a device and a method in the settings.'; return; }
        button.disabled = true;
        try {
          const cmd = await sendCommand(config, on ? parseJson(config.off, false) : parseJson(config.on, true));
          on = !on;
          show();
          showCommand(status, cmd);
        } catch (err) { status.textContent = err.message; } finally { button.disabled = false; }
      });
      clear(body, button, status);
      if (config.stream) {
        const apply = (p) => { const v = numeric(p) ?? p.value; on = v === true || v === 1 || v === 'on'; show(); };
        latest(config.stream).then((p) => p && apply(p)).catch(() => {});
        live.subscribe(config.stream, (m) => m.type === 'point' && apply(m.data));
      }
      followCommands(config, live, status);
      return null;
    },
  },
  slider: {
    label: 'Slider', w: 3, h: 2,
    fields: [['device', 'Device', 'device'], ['method', 'Command method', 'text'], ['min', 'Minimum', 'number'],
      ['max', 'Maximum', 'number'], ['step', 'Step', 'number']],
    render(body, config, live) {
      const id = `slider-${Math.random().toString(36).slice(2)}`;
      const out = h('output', { for: id }, '');
      const status = h('p', { class: 'muted', 'aria-live': 'polite' });
      const min = String(config.min ?? 0);
      const slider = h('input', { type: 'range', id, min, max: String(config.max ?? 100), step: String(config.step || 1) });
      slider.value = min; // start at the minimum (Chromium would otherwise start a new range at its maximum)
      out.textContent = slider.value;
      let sent = null; // the value last sent: nothing yet
      let timer = null;
      const send = async () => {
        clearTimeout(timer);
        if (slider.value === sent) return;
        if (!config.device || !config.method) { status.textContent = 'Set a device and a method in the settings.'; return; }
        sent = slider.value;
        try {
          const cmd = await sendCommand(config, Number(sent));
          showCommand(status, cmd);
        } catch (err) { status.textContent = err.message; }
      };
      // A drag sends once on release ("change"); arrow keys send once the steps pause, and so does a
      // released drag in a browser that fires no "change". No settle timer runs while a pointer holds
      // the thumb: a slow drag (or a slow browser) must not send the values on the way.
      let dragging = false;
      let dragged = false; // the value moved while the pointer was down
      const settle = () => { clearTimeout(timer); timer = setTimeout(send, SLIDER_SETTLE_MS); };
      slider.addEventListener('pointerdown', () => {
        dragging = true;
        // On the window: the pointer may be let go outside the slider.
        const up = () => {
          window.removeEventListener('pointerup', up);
          window.removeEventListener('pointercancel', up);
          dragging = false;
          // (a no-op send if "change" has sent the value already; nothing if the widget is gone)
          if (dragged && slider.isConnected) settle();
          dragged = false;
        };
        window.addEventListener('pointerup', up);
        window.addEventListener('pointercancel', up);
      });
      slider.addEventListener('input', () => {
        out.textContent = slider.value;
        if (dragging) {
          clearTimeout(timer);
          dragged = true;
        } else {
          settle();
        }
      });
      slider.addEventListener('change', send);
      clear(body, h('label', { for: id }, `${config.method || 'value'}: `, out), slider, status);
      followCommands(config, live, status);
      return () => clearTimeout(timer);
    },
  },
  locations: {
    label: 'Device locations', w: 6, h: 3,
    fields: [['project', 'Project (p-- slug)', 'project']],
    // Reloaded when the live API reports a new location or a presence change in the project.
    render(body, config, live) {
      if (!config.project) return needsSettings(body, 'Choose a project in the settings.');
      const load = () => api.all(`/api/v1/device/${api.query({ project: config.project })}`).then((list) => {
        const rows = list.map((d) => [d.label || d.slug, d.lat == null ? '—' : String(d.lat), d.lon == null ? '—' : String(d.lon), time(d.last_seen)]);
        clear(body, rows.length ? table(['Device', 'Latitude', 'Longitude', 'Last seen'], rows) : h('p', { class: 'muted' }, 'No devices in this project.'));
      }).catch((err) => clear(body, errorBox(err)));
      load();
      return live.subscribe(config.project, (m) => (m.type === 'location' || m.type === 'presence') && load());
    },
  },
  text: {
    label: 'Text', w: 3, h: 2,
    fields: [['text', 'Text', 'textarea']],
    render(body, config) {
      clear(body, h('p', { class: 'note' }, config.text || ''));
      return null;
    },
  },
};
