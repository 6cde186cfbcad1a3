/**
 * The last step of every packet Parlor sends — broadcasts, pushes, replies — made cheap:
 * when a connection is an idle WebSocket, the packet goes out as one complete WebSocket
 * frame (header and payload in one buffer) in one socket write, instead of through
 * engine.io's per-packet path (a packet object, four emitted events, a write buffer, a
 * drain callback and a corked two-buffer `writev` for each recipient). A broadcast builds
 * its frame once and every recipient shares it.
 *
 * Installed on each Socket.IO `Client` (the object that owns one engine.io connection)
 * as its `writeToEngine`, the single method through which Socket.IO and its adapters —
 * in-memory and Redis Streams alike — hand encoded packets to engine.io.
 *
 * When the shortcut is taken, and why order and delivery are kept: the engine.io socket
 * is open, its transport is a WebSocket without compression and is writable (no write of
 * engine.io's in flight), and engine.io holds no packet of its own for it (empty write
 * buffer). Nothing engine.io could send is then ahead of this frame, and whatever it sends
 * next is queued behind it by the same TCP socket, so packets reach the wire in the order
 * they were emitted. `ws`'s `sendFrame` is the method engine.io itself uses for
 * pre-encoded frames. Anything else (long-polling, a write in flight, binary packets,
 * compression) takes Socket.IO's own path unchanged. Measured in docs/PERFORMANCE.md.
 */
import { corkForTurn, type Corkable } from '../core/turn-cork.js';

/** The slice of engine.io and `ws` this file relies on (not in their public types). */
interface EngineConn {
  readyState: string;
  writeBuffer: unknown[];
  transport: {
    name: string;
    writable: boolean;
    perMessageDeflate?: unknown;
    socket?: { readyState: number; _sender?: { sendFrame(list: Buffer[], cb?: () => void): void }; _socket?: Corkable | null };
  };
}

type WriteToEngine = (encoded: unknown, opts: PacketOptions) => void;

interface EngineClient {
  conn: EngineConn;
  writeToEngine: WriteToEngine;
  [REQUESTS]?: number;
}

interface PacketOptions {
  volatile?: boolean;
  /** Set by Socket.IO's adapter on a broadcast: the frame as [header, payload], shared by every recipient. */
  wsPreEncodedFrame?: Buffer[];
  [WHOLE_FRAME]?: Buffer[];
}

const WS_OPEN = 1;
/** engine.io's packet type of a message, in front of every Socket.IO packet. */
const ENGINE_MESSAGE = '4';
/** A broadcast's frame joined into one buffer, kept on the options object its recipients share. */
const WHOLE_FRAME = Symbol('parlor.wholeFrame');
/** How many of the client's requests are being handled. */
const REQUESTS = Symbol('parlor.requests');

/** A complete, unmasked, final WebSocket text frame (RFC 6455 §5.2) holding `text`. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (head === 2) frame[1] = length;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, head, 'utf8');
  return frame;
}

/** The packet as one whole frame, or null when it is not a single text packet. */
function frameOf(encoded: unknown, opts: PacketOptions): Buffer[] | null {
  const shared = opts.wsPreEncodedFrame;
  if (shared) return (opts[WHOLE_FRAME] ??= [shared.length === 1 ? shared[0]! : Buffer.concat(shared)]);
  const text = Array.isArray(encoded) ? (encoded.length === 1 ? encoded[0] : null) : encoded;
  return typeof text === 'string' ? [textFrame(ENGINE_MESSAGE + text)] : null;
}

/** Writes the packet straight to the connection's WebSocket when nothing can be ahead of it; false otherwise. */
function writeDirect(client: EngineClient, encoded: unknown, opts: PacketOptions): boolean {
  const conn = client.conn;
  if (conn.readyState !== 'open' || conn.writeBuffer.length !== 0) return false;
  const transport = conn.transport;
  if (!transport.writable || transport.name !== 'websocket' || transport.perMessageDeflate) return false;
  const ws = transport.socket;
  if (!ws?._sender || ws.readyState !== WS_OPEN) return false;
  const frame = frameOf(encoded, opts);
  if (!frame) return false;
  // a client waiting for a reply usually also gets a push its request caused (its own chat
  // message, its move's game_state) a moment before the reply: both leave in one write
  if (client[REQUESTS] && ws._socket) corkForTurn(ws._socket);
  ws._sender.sendFrame(frame);
  return true;
}

/** The replacement of `Client.writeToEngine`: one function shared by every client. */
function writeToEngine(this: EngineClient, encoded: unknown, opts: PacketOptions): void {
  if (!writeDirect(this, encoded, opts)) (Object.getPrototypeOf(this) as EngineClient).writeToEngine.call(this, encoded, opts);
}

/** Makes `client` (a Socket.IO Client, `socket.client`) send through the direct path when it can. */
export function useDirectWrites(client: unknown): void {
  const c = client as EngineClient;
  // a Socket.IO whose Client has no writeToEngine of its own keeps its own path
  if (typeof (Object.getPrototypeOf(c) as Partial<EngineClient>).writeToEngine !== 'function') return;
  c.writeToEngine = writeToEngine;
  c[REQUESTS] = 0;
}

/** The part of a Socket.IO `Socket` the direct ack needs (`ack` is what `onevent` calls to make the callback). */
interface AckingSocket {
  nsp: { name: string };
  client: EngineClient;
  ack(id: number): (...args: unknown[]) => void;
}

/**
 * An event's reply callback that writes the ack packet itself: `3<id>[<reply>]`, what
 * socket.io-parser's encoder makes of a text ACK in the main namespace. Socket.IO's own
 * callback builds a packet object and walks the whole reply looking for binary data
 * (`hasBinary`) before the same `JSON.stringify`; Parlor's replies are JSON, never binary.
 * The written string takes `writeToEngine` like any packet (so the direct write above,
 * or engine.io's path), once, and only while the connection is open, as Socket.IO does.
 */
function directAck(this: AckingSocket, id: number): (reply: unknown) => void {
  const client = this.client;
  let sent = false;
  return (reply: unknown) => {
    if (sent) return;
    sent = true;
    if (client.conn.readyState === 'open') client.writeToEngine(`3${id}${JSON.stringify([reply])}`, {});
  };
}

/** Makes the event callbacks of `socket` (a Socket.IO Socket of the main namespace) write their replies directly. */
export function useDirectAcks(socket: unknown): void {
  const s = socket as AckingSocket;
  // another namespace puts its name in the packet; a Socket.IO without `ack` keeps its own
  if (s.nsp.name !== '/' || typeof (Object.getPrototypeOf(s) as Partial<AckingSocket>).ack !== 'function') return;
  s.ack = directAck as AckingSocket['ack'];
}

/** The router's bracket around one request of `client`: frames to it in the event-loop turn of the reply leave together. */
export function requestStarted(client: unknown): void {
  const c = client as EngineClient;
  if (c[REQUESTS] !== undefined) c[REQUESTS]++;
}

export function requestEnded(client: unknown): void {
  const c = client as EngineClient;
  if (c[REQUESTS]) c[REQUESTS]--;
}
