// The live WebSocket (/api/v1/live/, see docs/LIVE.md): one connection shared by every page,
// subscriptions by id, resubscribed after a reconnect.

import { session } from './api.js';

class Live {
  constructor() {
    this.socket = null;
    this.subs = new Map(); // id -> {target, handler}
    this.next = 1;
    this.retry = 0;
    this.timer = null;
    this.statusListeners = new Set();
    this.status = 'closed';
    this.confirmed = new Set(); // subscription ids the server confirmed on this connection
  }

  /** How many subscriptions the server has not confirmed yet. */
  pending() { return [...this.subs.keys()].filter((id) => !this.confirmed.has(id)).length; }

  /**
   * Subscribes to a stream ("s--"), device ("d--") or project ("p--"), or to a target given whole ({ org: slug }: the
   * org's alarms); handler receives every server message of the subscription (point, presence, command, alarm,
   * error). Returns unsubscribe().
   */
  subscribe(slug, handler) {
    const id = `c${this.next++}`;
    const key = typeof slug !== 'string' ? null : slug.startsWith('s--') ? 'stream' : slug.startsWith('d--') ? 'device' : 'project';
    this.subs.set(id, { target: key ? { [key]: slug } : slug, handler });
    this.ensureOpen();
    if (this.status === 'open') this.send({ type: 'subscribe', id, ...this.subs.get(id).target });
    this.setStatus(this.status);
    return () => {
      this.confirmed.delete(id);
      if (!this.subs.delete(id)) return;
      this.setStatus(this.status);
      if (this.status === 'open') this.send({ type: 'unsubscribe', id });
    };
  }

  onStatus(listener) {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  setStatus(status) {
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  ensureOpen() {
    if (this.socket || !session.token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/v1/live/?token=${encodeURIComponent(session.token)}`);
    this.socket = socket;
    this.setStatus('connecting');
    socket.addEventListener('open', () => {
      this.retry = 0;
      this.setStatus('open');
      for (const [id, sub] of this.subs) this.send({ type: 'subscribe', id, ...sub.target });
      this.keepAlive = setInterval(() => this.send({ type: 'ping' }), 25000);
    });
    socket.addEventListener('message', (e) => this.dispatch(JSON.parse(e.data)));
    socket.addEventListener('close', () => {
      clearInterval(this.keepAlive);
      this.confirmed.clear();
      this.socket = null;
      this.setStatus('closed');
      if (this.subs.size && session.token) {
        const delay = Math.min(30000, 1000 * 2 ** this.retry++);
        this.timer = setTimeout(() => this.ensureOpen(), delay);
      }
    });
  }

  dispatch(message) {
    if (message.type === 'subscribed' && this.subs.has(message.id)) {
      this.confirmed.add(message.id);
      this.setStatus(this.status);
    }
    const id = message.subscription || message.id;
    const sub = id && this.subs.get(id);
    if (sub) sub.handler(message);
    else if (message.type === 'dropped') for (const s of this.subs.values()) s.handler(message);
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close() {
    clearTimeout(this.timer);
    this.subs.clear();
    if (this.socket) this.socket.close();
  }

  /** Unsubscribes everything a page subscribed: call from the page's cleanup. */
  group() {
    const offs = [];
    return {
      subscribe: (slug, handler) => { offs.push(this.subscribe(slug, handler)); },
      close: () => offs.splice(0).forEach((off) => off()),
    };
  }
}

export const live = new Live();
