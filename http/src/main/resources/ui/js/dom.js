// Tiny DOM helpers. Text always goes in through textContent, never as HTML.

/**
 * h('button', {type: 'button', onclick: fn, 'aria-label': 'x'}, 'text', child...)
 * Attributes starting with "on" become listeners; false/null attributes are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled input: h('label') wrapping the text and the control. */
export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', {}, label), control, hint ? h('small', { class: 'muted' }, hint) : null);
}

export function input(name, attrs = {}) {
  return h('input', { name, id: attrs.id || `f-${name}`, ...attrs });
}

export function select(name, options, attrs = {}) {
  return h('select', { name, id: attrs.id || `f-${name}`, ...attrs },
    options.map(([value, text]) => h('option', { value }, text)));
}

export function empty(text, ...actions) {
  return h('div', { class: 'empty' }, h('p', {}, text), ...actions);
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}

/** A form whose submit runs fn(formData); errors show inside the form, the button is disabled meanwhile. */
export function form(attrs, children, fn) {
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const f = h('form', { ...attrs, novalidate: false }, children, status);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = f.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    status.replaceChildren();
    try {
      await fn(Object.fromEntries(new FormData(f).entries()), f);
    } catch (err) {
      status.replaceChildren(errorBox(err));
    } finally {
      if (button) button.disabled = false;
    }
  });
  return f;
}

export function table(columns, rows, caption) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString());
}

export function link(href, text) { return h('a', { href }, text); }

export function secret(label, value) {
  return h('div', { class: 'secret', role: 'alert' },
    h('p', {}, `${label} — shown only now, copy it:`),
    h('code', { class: 'secret-value', tabindex: '0' }, value));
}

/**
 * Shows a message above the page: text, or an error (its message is the API's "detail"). A success
 * goes away after 5 s, an error after 15 s or when the next message replaces it.
 */
export function flash(message, kind = 'ok') {
  const box = document.getElementById('flash');
  const isError = kind === 'error' || message instanceof Error;
  const shown = isError ? errorBox(message) : h('p', { class: kind }, message);
  box.replaceChildren(shown);
  setTimeout(() => { if (box.firstChild === shown) box.replaceChildren(); }, isError ? 15000 : 5000);
}

/**
 * A button that runs fn when clicked, after confirm(question) when there is a question. The button is
 * disabled while fn runs; a failure is shown with the API's detail (flash).
 */
export function actionButton(text, attrs, fn, question) {
  const button = h('button', { type: 'button', ...attrs }, text);
  button.addEventListener('click', async () => {
    if (question && !confirm(question)) return;
    button.disabled = true;
    try {
      await fn();
    } catch (err) {
      flash(err);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Renders the current page again (after a change that alters what it lists). */
export function refresh() { window.dispatchEvent(new HashChangeEvent('hashchange')); }
