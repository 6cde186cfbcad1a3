/**
 * The loader's Socket.IO v4 client: the smallest slice of the wire format over `ws`, so the
 * load generator costs little and the same for every target. Engine.IO packets `0` (open),
 * `2`/`3` (ping/pong); Socket.IO packets `40` (connect, with `auth`), `44` (connect error),
 * `42[event, data]` and `42<id>[…]` (with an ack id), `43<id>[reply]` (the ack).
 *
 * Incoming events are handed over as the raw Buffer and parsed only when the workload asks
 * (`client.args(buf)`): the chat workload reads its timestamp without JSON.parse.
 */
import WebSocket from 'ws';

const PING = 0x32; // '2'
const FOUR = 0x34; // '4'
const TWO = 0x32;
const THREE = 0x33;

export class SioClient {
  /**
   * @param {string} url http://host:port of the target
   * @param {{ token: string, localAddress?: string, onEvent?: (client: SioClient, name: string, buf: Buffer) => void }} opts
   */
  constructor(url, opts) {
    this.url = url.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket';
    this.opts = opts;
    this.ws = null;
    this.nextAck = 1;
    /** @type {Map<number, (reply: any) => void>} */
    this.acks = new Map();
    this.connected = false;
    this.closed = false;
  }

  /** Opens the socket and resolves on the `connected` event (Parlor's, and the baselines' copy of it). */
  connect(timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('connect timeout')), timeoutMs);
      const fail = (err) => {
        clearTimeout(timer);
        this.ws?.terminate();
        reject(err);
      };
      const ws = new WebSocket(this.url, { perMessageDeflate: false, localAddress: this.opts.localAddress });
      this.ws = ws;
      ws.on('error', fail);
      ws.on('close', () => {
        this.closed = true;
        this.connected = false;
      });
      ws.on('message', (buf) => {
        const c0 = buf[0];
        if (c0 === PING && buf.length === 1) return ws.send('3');
        if (c0 === FOUR) {
          const c1 = buf[1];
          if (c1 === TWO) return this.onEvent(buf);
          if (c1 === THREE) return this.onAck(buf);
          if (c1 === 0x30) return; // '40' namespace connected; wait for `connected`
          if (c1 === FOUR) return fail(new Error(`connect_error ${buf.toString()}`));
          return;
        }
        if (c0 === 0x30) ws.send('40' + JSON.stringify({ token: this.opts.token })); // '0' open
      });
      this.ready = (data) => {
        clearTimeout(timer);
        ws.off('error', fail);
        ws.on('error', () => {});
        this.connected = true;
        resolve(data);
      };
    });
  }

  onEvent(buf) {
    // 42["name",…] — the name ends at the next quote
    let i = 2;
    while (buf[i] !== 0x5b /* [ */) i++; // skip an ack id (never sent by servers here)
    const end = buf.indexOf(0x22 /* " */, i + 2);
    const name = buf.toString("latin1", i + 2, end);
    if (name === 'connected' && !this.connected) return this.ready(this.args(buf)[1]);
    this.opts.onEvent?.(this, name, buf);
  }

  onAck(buf) {
    let i = 2;
    let id = 0;
    while (buf[i] >= 0x30 && buf[i] <= 0x39) id = id * 10 + (buf[i++] - 0x30);
    const cb = this.acks.get(id);
    if (!cb) return;
    this.acks.delete(id);
    cb(JSON.parse(buf.toString("utf8", i))[0]);
  }

  /** The parsed `[name, data]` of an event buffer. */
  args(buf) {
    return JSON.parse(buf.toString("utf8", 2));
  }

  /** Emits an event; with `ack`, the reply is passed to it. */
  emit(event, data, ack) {
    if (!this.connected) return false;
    if (ack) {
      const id = this.nextAck++;
      this.acks.set(id, ack);
      this.ws.send(`42${id}${JSON.stringify([event, data])}`);
    } else {
      this.ws.send(`42${JSON.stringify([event, data])}`);
    }
    return true;
  }

  /** Emits and resolves with the ack's reply (rejects after `timeoutMs`). */
  request(event, data, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${event}: no reply in ${timeoutMs} ms`)), timeoutMs);
      if (!this.emit(event, data, (r) => (clearTimeout(t), resolve(r)))) {
        clearTimeout(t);
        reject(new Error(`${event}: not connected`));
      }
    });
  }

  close() {
    this.closed = true;
    this.ws?.terminate();
  }
}
