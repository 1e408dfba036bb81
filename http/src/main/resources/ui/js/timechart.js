// Time-series charts on Chart.js: a linear x axis in epoch milliseconds (no date adapter needed),
// data from the server-side aggregate endpoint, raw points once few enough are in view.

import * as api from './api.js';

/** Buckets per visible range: enough for detail, few enough that a year draws at once. */
export const TARGET_BUCKETS = 800;
/** Below this many points in view the raw points are drawn instead of buckets. */
export const RAW_LIMIT = 1000;
const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
  86400, 172800, 604800, 1209600, 2592000];

/** The bucket (in seconds) that splits rangeMs into about TARGET_BUCKETS buckets. */
export function pickBucket(rangeMs) {
  const wanted = rangeMs / 1000 / TARGET_BUCKETS;
  return NICE_SECONDS.find((s) => s >= wanted) || Math.ceil(wanted);
}

export function numeric(point) {
  const v = point.value ?? point.int_value;
  return typeof v === 'number' ? v : null;
}

/**
 * The points of one stream between start and end (Date or ms), as [{x, y}], plus how they were
 * computed: {points, mode: 'raw' | 'aggregate', bucket}.
 */
export async function loadSeries(slug, start, end) {
  const range = { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  const bucket = pickBucket(end - start);
  const agg = await api.get(`/api/v1/stream/${api.enc(slug)}/aggregate/${api.query({ ...range, bucket: `${bucket}s`, fn: 'avg' })}`);
  const total = agg.results.reduce((n, b) => n + b.count, 0);
  if (total > 0 && total <= RAW_LIMIT) {
    const raw = await api.get(`/api/v1/stream/${api.enc(slug)}/data/${api.query({ ...range, page_size: RAW_LIMIT })}`);
    return { mode: 'raw', bucket, points: raw.results.map((p) => ({ x: Date.parse(p.timestamp), y: numeric(p) })) };
  }
  return { mode: 'aggregate', bucket, points: agg.results.map((b) => ({ x: Date.parse(b.timestamp), y: b.value })) };
}

/** The timestamp of a stream's first point, or null when it has none. */
export async function firstTimestamp(slug) {
  const page = await api.get(`/api/v1/stream/${api.enc(slug)}/data/${api.query({ page_size: 1 })}`);
  return page.results.length ? Date.parse(page.results[0].timestamp) : null;
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

function tickLabel(value, axis) {
  const span = axis.max - axis.min;
  const d = new Date(value);
  if (span <= 2 * 86400000) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: span < 600000 ? '2-digit' : undefined });
  if (span <= 120 * 86400000) return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
  return d.toLocaleDateString([], { year: 'numeric', month: 'short' });
}

/** A line chart on canvas with one dataset per label. */
export function lineChart(canvas, labels) {
  if (!window.Chart) throw new Error('The chart library did not load.');
  return new window.Chart(canvas, {
    type: 'line',
    data: { datasets: labels.map((label, i) => ({ label, data: [], borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length], pointRadius: (c) => (c.dataset.data.length <= 60 ? 3 : 0), borderWidth: 1.5, spanGaps: false })) },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: { type: 'linear', ticks: { callback(v) { return tickLabel(v, this); }, maxRotation: 0, autoSkipPadding: 20 } } },
      plugins: {
        legend: { display: labels.length > 1 },
        tooltip: { callbacks: { title: (items) => (items.length ? new Date(items[0].parsed.x).toLocaleString() : '') } },
      },
    },
  });
}

/** Appends a live point to dataset i, dropping points older than keepFrom (ms). */
export function appendPoint(chart, i, x, y, keepFrom) {
  const data = chart.data.datasets[i].data;
  data.push({ x, y });
  data.sort((a, b) => a.x - b.x);
  while (keepFrom && data.length && data[0].x < keepFrom) data.shift();
}
