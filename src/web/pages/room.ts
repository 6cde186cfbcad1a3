/**
 * A room: join (as a player or a spectator, with the password if it has one), then the
 * game's board, players with presence, chat and the owner's controls — all kept live
 * from the server's pushes, and brought up to date after a reconnect (`resynced`).
 */
import { isParlorClientError, type Room } from '../../client/index.js';
import type { App, Page } from '../app-context.js';
import { boardFor } from '../boards/index.js';
import type { Board, BoardHost } from '../boards/board.js';
import { busy, copyText, errorText, fill, h, shortId, toast } from '../dom.js';
import { gameTitle } from '../games.js';
import { chatPanel } from '../parts/chat-panel.js';
import { playersPanel } from '../parts/players-panel.js';
import { joinPanel } from '../parts/join-panel.js';
import { icon } from '../icons.js';

export const roomPage: Page = (app, el, roomId, query) => {
  const { client } = app;
  let room: Room | null = null;
  let board: Board | null = null;
  let shown = -1;
  let alive = true;
  const offs: (() => void)[] = [];
  fill(el, h('div', { class: 'boot' }, h('div', { class: 'spinner' }), 'Opening the room…'));

  const def = () => boardFor(room!.game_type);
  const host: BoardHost = {
    app,
    client,
    roomId,
    room: () => room!,
    mySeat: () => room?.players.find((p) => p.user_id === app.me.id)?.seat ?? null,
    act: (action, payload, button) => busy(button ?? null, () => client.action(roomId, action, payload)),
    call: async (event, payload, button) => {
      let out = null;
      await busy(button ?? null, async () => (out = await client.request(event, payload)));
      return out;
    },
  };

  // ── layout, filled once we are a member ─────────────────────────────────────
  const title = h('h1', null);
  const meta = h('div', { class: 'room-meta' });
  const actions = h('div', { class: 'room-actions' });
  const notice = h('div', { class: 'board-notice', role: 'status' });
  const boardBox = h('div', { class: 'board-box' });
  const players = playersPanel(app, (seat) => (room && def().seatLabel ? def().seatLabel!(seat) : null));
  const chat = chatPanel(app, roomId);
  let countdown: ReturnType<typeof setInterval> | undefined;

  const renderHead = () => {
    if (!room) return;
    const label = typeof room.metadata.team_name === 'string' && room.metadata.team_name ? `${gameTitle(room.game_type)} · ${room.metadata.team_name}` : gameTitle(room.game_type);
    title.textContent = label;
    fill(
      meta,
      h('span', { class: `status status-${room.status}`, dataset: { status: room.status } }, room.status),
      h('span', { class: 'muted small' }, `Room ${shortId(room.room_id)}`),
      room.permission === 'private' ? h('span', { class: 'pill' }, 'private') : null,
      room.has_password ? h('span', { class: 'pill', title: 'Needs a password' }, icon('lock', 12)) : null,
      host.mySeat() === null ? h('span', { class: 'pill' }, 'spectating') : null,
    );
    const owner = room.owner_id === app.me.id;
    actions.replaceChildren(h('button', { class: 'btn ghost small', on: { click: () => void copyText(location.href) } }, 'Copy link'));
    if (owner && room.status === 'waiting' && room.game_type !== 'chat') {
      const start = h('button', { class: 'btn primary small', disabled: room.players.length < room.min_players, title: `Needs ${room.min_players} players` }, 'Start game');
      start.addEventListener('click', () => void busy(start, () => client.request('start_game', { room_id: roomId })));
      actions.append(start);
    }
    const leave = h('button', { class: 'btn small' }, 'Leave');
    leave.addEventListener('click', () => {
      if (room?.status === 'active' && host.mySeat() !== null && !confirm('Leaving an active game forfeits it. Leave anyway?')) return;
      void busy(leave, async () => {
        await client.request('leave_room', { room_id: roomId });
        app.go('/lobby');
      });
    });
    if (room.status !== 'closed') actions.append(leave);
    if (owner && room.status !== 'closed') {
      const close = h('button', { class: 'btn danger small' }, 'Close room');
      close.addEventListener('click', () => confirm('Close this room for everyone?') && void busy(close, () => client.request('close_room', { room_id: roomId })));
      actions.append(close);
    }
  };

  const renderNotice = () => {
    if (!room) return;
    clearInterval(countdown);
    notice.className = 'board-notice';
    if (room.status === 'closed') return fill(notice, 'This room is closed.');
    if (room.game_type === 'chat') return fill(notice);
    if (room.status === 'waiting') {
      const need = room.min_players - room.players.length;
      fill(notice, h('span', { class: 'spinner small' }), need > 0 ? ` Waiting for ${need} more player${need === 1 ? '' : 's'}… Share the link to invite someone.` : room.auto_start ? ' Starting soon…' : ' Ready: the host can start the game.');
      return;
    }
    if (room.status === 'active' && board) return fill(notice);
  };

  const refreshAll = () => {
    renderHead();
    renderNotice();
    if (room) players.render(room);
  };

  const showState = (state: unknown, version: number) => {
    if (version < shown || !room) return;
    shown = version;
    if (!board) {
      board = def().create(host);
      boardBox.replaceChildren(board.el);
    }
    board.render(state, version);
    renderNotice();
  };

  const loadState = async () => {
    try {
      const s = await client.request('get_game_state', { room_id: roomId });
      showState(s.state, s.version);
    } catch {
      /* not started yet */
    }
  };

  const enter = (reply: { room: Room; state?: unknown; recent_messages: import('../../client/index.js').ChatMessage[] }) => {
    room = reply.room;
    fill(
      el,
      h('div', { class: 'room-head' }, h('div', null, title, meta), actions),
      h('div', { class: `room-grid ${room.game_type === 'chat' ? 'chat-only' : ''}` }, room.game_type === 'chat' ? null : h('section', { class: 'card board-card' }, notice, boardBox), h('aside', { class: 'stack' }, players.el, chat.el)),
    );
    chat.add(reply.recent_messages);
    refreshAll();
    if (reply.state !== undefined) showState(reply.state, room.version);
    listen();
  };

  const refreshRoom = async () => {
    try {
      room = (await client.request('get_room', { room_id: roomId })).room;
      refreshAll();
      // A game that started while we were away has no board yet.
      if (!board && (room.status === 'active' || room.status === 'finished')) await loadState();
    } catch (e) {
      if (isParlorClientError(e, 'NOT_FOUND') && room) room = { ...room, status: 'closed' };
      refreshAll();
    }
  };

  function listen(): void {
    const mine = (d: { room_id?: string }) => d.room_id === roomId;
    offs.push(
      client.on('game_state', (s) => mine(s) && showState(s.state, s.version)),
      client.on('player_joined', (d) => {
        if (!mine(d) || !room) return;
        room = { ...room, players: [...room.players.filter((p) => p.user_id !== d.player.user_id), d.player].sort((a, b) => a.seat - b.seat) };
        refreshAll();
        if (room.game_type === 'chat') chat.notice(`${d.player.name} joined`);
      }),
      client.on('player_left', (d) => {
        if (!mine(d) || !room) return;
        const who = app.nameOf(d.user_id);
        room = { ...room, players: room.players.filter((p) => p.user_id !== d.user_id) };
        refreshAll();
        chat.notice(`${d.user_id === app.me.id ? 'You' : who} ${d.reason === 'kicked' ? 'were removed' : 'left'}`);
        if (d.user_id === app.me.id) app.go('/lobby');
      }),
      client.on('room_updated', (d) => mine(d.room) && ((room = d.room), refreshAll())),
      client.on('owner_changed', (d) => mine(d) && room && ((room = { ...room, owner_id: d.owner_id }), refreshAll())),
      client.on('presence_changed', (d) => {
        if (!room?.players.some((p) => p.user_id === d.user_id)) return;
        room = { ...room, players: room.players.map((p) => (p.user_id === d.user_id ? { ...p, online: d.status !== 'offline' } : p)) };
        players.render(room);
      }),
      client.on('game_starting', (d) => {
        if (!mine(d)) return;
        const at = Date.parse(d.starts_at);
        const tick = () => fill(notice, h('span', { class: 'spinner small' }), ` Starting in ${Math.max(0, Math.ceil((at - app.serverNow()) / 1000))} s…`);
        clearInterval(countdown);
        tick();
        countdown = setInterval(tick, 500);
      }),
      client.on('game_started', (d) => {
        if (!mine(d) || !room) return;
        room = { ...room, status: 'active' };
        refreshAll();
        void loadState();
      }),
      client.on('game_over', (d) => {
        if (!mine(d) || !room) return;
        room = { ...room, status: 'finished' };
        refreshAll();
        notice.className = 'board-notice result';
        const again = h('button', { class: 'btn primary small' }, 'Play again');
        again.addEventListener('click', () => void busy(again, async () => app.go(`/room/${(await client.request('join_random_game', { game_type: room!.game_type })).room.room_id}`)));
        fill(notice, h('strong', { class: 'result-text' }, def().resultText(d.result, host)), h('span', { class: 'row-actions' }, host.mySeat() !== null && room.permission === 'public' ? again : null, h('a', { class: 'btn small', href: '#/lobby' }, 'Lobby')));
      }),
      client.on('turn_timeout', (d) => mine(d) && toast(d.user_id === app.me.id ? 'You ran out of time.' : `${app.nameOf(d.user_id)} ran out of time.`)),
      client.on('room_closed', (d) => {
        if (!mine(d) || !room) return;
        room = { ...room, status: 'closed' };
        refreshAll();
        chat.setEnabled(false, 'The room is closed');
        toast(`The room was closed (${d.reason}).`);
      }),
      client.on('new_message', (d) => mine(d) && chat.add([d.message])),
      client.on('user_joined', (d) => mine(d) && d.user_id !== app.me.id && chat.notice(`${d.name} joined`)),
      client.on('resynced', (r) => {
        if (r.room_id === roomId && r.ok && r.state !== undefined) showState(r.state, r.version);
      }),
      client.on('connected', () => {
        // Back after a drop: members, presence and missed chat (the game comes with `resynced`).
        void refreshRoom();
        void chat.refresh();
      }),
    );
    for (const ev of ['dice_rolled', 'play_resolved', 'player_substituted'] as const) offs.push(client.on(ev, (d) => mine(d) && board?.push?.(ev, d)));
  }

  const join = async (as: 'player' | 'spectator', password?: string) => {
    const reply = await client.request('join_room', { room_id: roomId, as, ...(password ? { password } : {}) });
    if (alive) enter(reply);
  };

  (async () => {
    try {
      if (client.rooms().includes(roomId)) return await join('player');
      let summary: Room | null = null;
      try {
        summary = (await client.request('get_room', { room_id: roomId })).room;
      } catch (e) {
        if (!isParlorClientError(e, 'NOT_FOUND')) throw e;
      }
      const wanted = query.get('join');
      if (summary && !summary.has_password && (wanted === 'player' || wanted === 'spectator')) return await join(wanted);
      if (alive) fill(el, joinPanel(roomId, summary, join));
    } catch (e) {
      if (!alive) return;
      fill(el, h('div', { class: 'card empty' }, h('p', { class: 'form-error' }, errorText(e)), h('a', { class: 'btn', href: '#/lobby' }, 'Back to the lobby')));
    }
  })();

  return () => {
    alive = false;
    clearInterval(countdown);
    board?.destroy?.();
    for (const off of offs) off();
  };
};
