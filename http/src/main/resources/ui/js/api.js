// The REST client: every call carries the user's JWT; failures become ApiError with the API's "detail".

const TOKEN_KEY = 'feedline.jwt';

// The JWT is kept in sessionStorage: it lives as long as the browser tab and is never sent
// automatically (no cookie), so there is no cross-site request forgery to defend against.
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(jwt) {
    if (jwt) sessionStorage.setItem(TOKEN_KEY, jwt);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.detail ? body.detail : `request failed (HTTP ${status})`);
    this.status = status;
    this.code = body && body.code;
    this.fields = (body && body.fields) || {};
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (session.token) h.Authorization = `JWT ${session.token}`;
  return h;
}

async function parse(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text }; }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('feedline:unauthenticated'));
    throw new ApiError(response.status, body);
  }
  return body;
}

export async function request(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  return parse(await fetch(path, init));
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

/** Every result of a paged list (follows "next"). */
export async function all(path) {
  const out = [];
  let url = path;
  while (url) {
    const page = await get(url);
    if (Array.isArray(page)) return page;
    out.push(...page.results);
    url = page.next ? new URL(page.next).pathname + new URL(page.next).search : null;
  }
  return out;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads an authenticated response as a file (a plain link could not send the JWT). */
export async function download(path, filename) {
  const response = await fetch(path, { headers: headers({ Accept: 'text/csv' }) });
  if (!response.ok) await parse(response);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export const enc = encodeURIComponent;
