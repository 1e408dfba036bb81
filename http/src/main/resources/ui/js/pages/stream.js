import * as api from '../api.js';
import { clear, errorBox, h, link } from '../dom.js';
import { live } from '../live.js';
import { appendPoint, firstTimestamp, lineChart, loadSeries, numeric } from '../timechart.js';

const PRESETS = [['1 hour', 3600e3], ['1 day', 86400e3], ['7 days', 7 * 86400e3], ['30 days', 30 * 86400e3], ['1 year', 365 * 86400e3]];

export async function streamPage(view, slug) {
  const stream = await api.get(`/api/v1/stream/${api.enc(slug)}/`);
  const canvas = h('canvas', { role: 'img', 'aria-label': `Chart of ${stream.slug}` });
  const selection = h('div', { class: 'selection', hidden: true });
  const status = h('p', { class: 'muted', id: 'chart-status', 'aria-live': 'polite' });
  const error = h('div');
  const liveBadge = h('span', { class: 'badge' });
  const latest = h('span', { class: 'big', id: 'latest-value' }, '—');
  let range = { start: Date.now() - 86400e3, end: Date.now() };
  let follow = true; // the view ends "now" and moves with live points

  const chart = lineChart(canvas, [stream.data_label || stream.var_name || stream.slug]);

  async function draw() {
    clear(error);
    status.textContent = 'Loading…';
    try {
      const series = await loadSeries(slug, range.start, range.end);
      chart.data.datasets[0].data = series.points;
      chart.options.scales.x.min = range.start;
      chart.options.scales.x.max = range.end;
      chart.update();
      status.textContent = `${new Date(range.start).toLocaleString()} – ${new Date(range.end).toLocaleString()}: `
        + (series.mode === 'raw' ? `${series.points.length} points` : `${series.points.length} buckets of ${series.bucket} s (average)`);
    } catch (err) {
      status.textContent = '';
      clear(error, errorBox(err));
    }
  }

  function show(start, end, followNow = false) {
    range = { start: Math.round(start), end: Math.round(end) };
    follow = followNow;
    draw();
  }

  const zoom = (factor) => {
    const mid = (range.start + range.end) / 2;
    const half = ((range.end - range.start) * factor) / 2;
    show(mid - half, Math.min(mid + half, Date.now()), follow && factor > 1);
  };
  const pan = (dir) => {
    const shift = (range.end - range.start) * 0.5 * dir;
    show(range.start + shift, range.end + shift);
  };
  const controls = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Time range' },
    PRESETS.map(([label, ms]) => h('button', { type: 'button', onclick: () => show(Date.now() - ms, Date.now(), true) }, `Last ${label}`)),
    h('button', { type: 'button', onclick: async () => {
      const first = await firstTimestamp(slug);
      show(first ?? Date.now() - 86400e3, Date.now(), true);
    } }, 'All'),
    h('button', { type: 'button', 'aria-label': 'Zoom in', onclick: () => zoom(0.5) }, '+'),
    h('button', { type: 'button', 'aria-label': 'Zoom out', onclick: () => zoom(2) }, '−'),
    h('button', { type: 'button', 'aria-label': 'Earlier', onclick: () => pan(-1) }, '←'),
    h('button', { type: 'button', 'aria-label': 'Later', onclick: () => pan(1) }, '→'));

  dragToZoom(canvas, selection, chart, (a, b) => show(a, b));

  const csv = h('button', { type: 'button', id: 'csv-download', onclick: async () => {
    try {
      const q = api.query({ filter: slug, format: 'csv', start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() });
      await api.download(`/api/v1/df/${q}`, `${slug}.csv`);
    } catch (err) { clear(error, errorBox(err)); }
  } }, 'Download CSV of this range');

  const subs = live.group();
  subs.subscribe(slug, (m) => {
    if (m.type === 'point') {
      const y = numeric(m.data);
      latest.textContent = m.data.display_value ?? String(m.data.value);
      if (y === null || !follow) return;
      const x = Date.parse(m.data.timestamp);
      const span = range.end - range.start;
      range = { start: Math.max(range.start, x - span), end: Math.max(range.end, x) };
      chart.options.scales.x.min = range.start;
      chart.options.scales.x.max = range.end;
      appendPoint(chart, 0, x, y, range.start);
      chart.update('none');
    } else if (m.type === 'error') {
      clear(error, errorBox(m.detail));
    }
  });
  const offStatus = live.onStatus((s) => {
    liveBadge.textContent = s === 'open' ? 'live' : s === 'connecting' ? 'connecting…' : 'not live';
    liveBadge.className = s === 'open' ? 'badge on' : 'badge off';
  });

  const last = await api.get(`/api/v1/data/latest/${api.query({ filter: slug })}`).catch(() => []);
  if (last.length) latest.textContent = last[0].display_value ?? String(last[0].value);

  clear(view,
    h('p', { class: 'crumbs' }, stream.project ? link(`#/project/${stream.project}`, stream.project) : null,
      stream.device ? [' / ', link(`#/device/${stream.device}`, stream.device)] : null, ' / ', stream.slug),
    h('h1', {}, stream.data_label || stream.var_name || stream.slug, ' ', liveBadge),
    h('p', {}, 'Latest value: ', latest, stream.units ? ` ${stream.units}` : ''),
    controls,
    h('div', { class: 'chart-box' }, canvas, selection),
    h('p', { class: 'muted' }, 'Drag across the chart to zoom into a range.'),
    status, error, csv);
  await draw();
  return () => { subs.close(); offStatus(); chart.destroy(); };
}

/** Mouse or touch drag across the chart area selects a time range. */
function dragToZoom(canvas, selection, chart, onRange) {
  let from = null;
  const xOf = (e) => e.clientX - canvas.getBoundingClientRect().left;
  canvas.addEventListener('pointerdown', (e) => {
    from = xOf(e);
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (from === null) return;
    const to = xOf(e);
    selection.hidden = false;
    selection.style.left = `${Math.min(from, to)}px`;
    selection.style.width = `${Math.abs(to - from)}px`;
  });
  canvas.addEventListener('pointerup', (e) => {
    if (from === null) return;
    const to = xOf(e);
    const left = Math.min(from, to);
    const right = Math.max(from, to);
    from = null;
    selection.hidden = true;
    if (right - left < 5) return; // a click, not a drag
    onRange(chart.scales.x.getValueForPixel(left), chart.scales.x.getValueForPixel(right));
  });
}
