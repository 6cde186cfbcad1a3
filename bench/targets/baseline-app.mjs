/**
 * The job both baselines do, written once: chat rooms (membership, a broadcast per
 * message, the last 20 messages in memory — no durable history), and a tictactoe room
 * with a trivially validated move. Replies and pushes have Parlor's shapes, so the loader
 * and the bytes on the wire are the same for every target. The transport (Socket.IO or
 * raw `ws`) supplies `join`, `leave` and `toRoom`.
 */
const RECENT = 20;
const LINES = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];

const ok = (data) => ({ success: true, data });
const err = (code, message) => ({ success: false, error: { code, message } });

export class BaselineApp {
  /** @param {{ join(conn, room): void, leave(conn, room): void, toRoom(room, event, data): void }} fanout */
  constructor(fanout) {
    this.fanout = fanout;
    this.rooms = new Map();
    this.seq = 0;
  }

  /** `conn` carries `user` ({id, name}) and `rooms` (a Set of room ids). Returns the ack's reply. */
  handle(conn, event, p) {
    if (!p || typeof p !== 'object') return err('VALIDATION_ERROR', 'payload');
    switch (event) {
      case 'create_room':
        return this.create(conn, p);
      case 'join_room':
        return this.join(conn, p);
      case 'leave_room':
        return this.leave(conn, p);
      case 'send_message':
        return this.send(conn, p);
      case 'start_game':
        return this.start(conn, p);
      case 'game_action':
        return this.move(conn, p);
      default:
        return err('UNKNOWN_EVENT', event);
    }
  }

  room(id, gameType = 'chat') {
    let r = this.rooms.get(id);
    if (!r) this.rooms.set(id, (r = { room_id: id, game_type: gameType, owner_id: null, players: [], status: 'waiting', version: 0, recent: [], game: null }));
    return r;
  }

  view(r) {
    return { room_id: r.room_id, game_type: r.game_type, owner_id: r.owner_id, status: r.status, version: r.version, players: r.players.map((u, seat) => ({ user_id: u.id, name: u.name, seat })) };
  }

  create(conn, p) {
    if (typeof p.room_id !== 'string' || this.rooms.has(p.room_id)) return err('CONFLICT', 'room id');
    const r = this.room(p.room_id, p.game_type === 'tictactoe' ? 'tictactoe' : 'chat');
    r.owner_id = conn.user.id;
    r.players.push(conn.user);
    conn.rooms.add(r.room_id);
    this.fanout.join(conn, r.room_id);
    return ok({ room: this.view(r) });
  }

  join(conn, p) {
    if (typeof p.room_id !== 'string') return err('VALIDATION_ERROR', 'room_id');
    const r = this.room(p.room_id); // on another node a room is created on its first join
    if (r.game_type === 'tictactoe' && r.players.length >= 2 && !r.players.some((u) => u.id === conn.user.id)) return err('ROOM_FULL', 'full');
    if (!r.players.some((u) => u.id === conn.user.id)) r.players.push(conn.user);
    conn.rooms.add(r.room_id);
    this.fanout.join(conn, r.room_id);
    return ok({ room: this.view(r), status: 'joined', recent_messages: r.recent });
  }

  leave(conn, p) {
    const r = this.rooms.get(p.room_id);
    if (!r || !conn.rooms.has(p.room_id)) return err('NOT_IN_ROOM', 'not in room');
    r.players = r.players.filter((u) => u.id !== conn.user.id);
    conn.rooms.delete(r.room_id);
    this.fanout.leave(conn, r.room_id);
    if (r.players.length === 0) this.rooms.delete(r.room_id);
    return ok({ room_id: r.room_id });
  }

  send(conn, p) {
    if (typeof p.room_id !== 'string' || typeof p.text !== 'string') return err('VALIDATION_ERROR', 'text');
    const text = p.text.trim();
    if (!text || text.length > 1000) return err('VALIDATION_ERROR', 'text');
    if (!conn.rooms.has(p.room_id)) return err('NOT_IN_ROOM', 'not in room');
    const message = { id: String(++this.seq), user_id: conn.user.id, name: conn.user.name, text, ts: new Date().toISOString() };
    const r = this.rooms.get(p.room_id);
    if (r) {
      r.recent.push(message);
      if (r.recent.length > RECENT) r.recent.shift();
    }
    this.fanout.toRoom(p.room_id, 'new_message', { room_id: p.room_id, message });
    return ok({ message });
  }

  start(conn, p) {
    const r = this.rooms.get(p.room_id);
    if (!r || r.game_type !== 'tictactoe') return err('NOT_FOUND', 'room');
    if (r.owner_id !== conn.user.id) return err('FORBIDDEN', 'owner only');
    if (r.status !== 'waiting' || r.players.length < 2) return err('CONFLICT', 'cannot start');
    r.status = 'active';
    r.version = 0;
    r.game = { board: Array(9).fill(null), next: 0, over: false, winner: null };
    this.fanout.toRoom(r.room_id, 'game_started', { room_id: r.room_id, version: 0 });
    this.fanout.toRoom(r.room_id, 'game_state', { room_id: r.room_id, version: 0, state: this.gameView(r), last_action: null });
    return ok({ room: this.view(r), state: this.gameView(r) });
  }

  gameView(r) {
    const g = r.game;
    return { board: g.board, turn: g.over ? null : r.players[g.next].id, ...(g.over ? { winner: g.winner } : {}) };
  }

  move(conn, p) {
    const r = this.rooms.get(p.room_id);
    if (!r || !conn.rooms.has(p.room_id)) return err('NOT_IN_ROOM', 'not in room');
    const g = r.game;
    if (!g) return err('GAME_NOT_STARTED', 'not started');
    if (g.over) return err('GAME_OVER', 'over');
    const cell = p.payload?.cell;
    if (p.action !== 'mark' || !Number.isInteger(cell)) return err('VALIDATION_ERROR', 'payload.cell');
    if (r.players[g.next].id !== conn.user.id) return err('NOT_YOUR_TURN', 'not your turn');
    if (cell < 0 || cell > 8 || g.board[cell] !== null) return err('INVALID_MOVE', 'cell');
    g.board[cell] = g.next === 0 ? 'X' : 'O';
    const line = LINES.find(([a, b, c]) => g.board[a] && g.board[a] === g.board[b] && g.board[a] === g.board[c]);
    g.over = !!line || g.board.every((m) => m !== null);
    g.winner = line ? conn.user.id : null;
    g.next = 1 - g.next;
    r.version++;
    if (g.over) r.status = 'finished';
    this.fanout.toRoom(r.room_id, 'game_state', { room_id: r.room_id, version: r.version, state: this.gameView(r), last_action: { user_id: conn.user.id, action: 'mark' } });
    if (g.over) this.fanout.toRoom(r.room_id, 'game_over', { room_id: r.room_id, result: { winner: g.winner } });
    return ok({ version: r.version });
  }
}
