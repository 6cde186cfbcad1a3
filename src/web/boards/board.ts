/** What a game board gets from the room page, and what it gives back. One module per game. */
import type { ParlorClient, Reply, RequestInput, RequestName, Room } from '../../client/index.js';
import type { App } from '../app-context.js';

export interface BoardHost {
  app: App;
  client: ParlorClient;
  roomId: string;
  room(): Room;
  /** The viewer's seat, or null for spectators. */
  mySeat(): number | null;
  /** `game_action`; a refusal becomes a toast. Resolves true when accepted. */
  act(action: string, payload?: Record<string, unknown>, button?: HTMLButtonElement | null): Promise<boolean>;
  /** Any typed request (module events, queries); a refusal becomes a toast and resolves null. */
  call<E extends RequestName>(event: E, payload: RequestInput<E>, button?: HTMLButtonElement | null): Promise<Reply<E> | null>;
}

export interface Board {
  el: HTMLElement;
  /** A view of the game (`game_state.state`), never older than the last one rendered. */
  render(state: unknown, version: number): void;
  /** Module pushes (`dice_rolled`, `play_resolved`, `player_substituted`). */
  push?(event: string, data: unknown): void;
  destroy?(): void;
}

export interface BoardDef {
  create(host: BoardHost): Board;
  /** A short label for a seat in the players list ("X", "Away"). */
  seatLabel?(seat: number): string;
  /** One line about a `game_over` result, from the viewer's side. */
  resultText(result: unknown, host: BoardHost): string;
}

/** "You won!" / "Ann won" / "A draw" for results with `winner`. */
export function winnerText(winner: string | null | undefined, host: BoardHost): string {
  if (winner === null || winner === undefined) return 'It’s a draw.';
  if (winner === host.app.me.id) return 'You won!';
  return `${host.app.nameOf(winner)} won.`;
}
