/** What every page gets: the connected client, who we are, navigation and shared stores. */
import type { ParlorClient, Room, UserId } from '../client/index.js';
import type { ChallengeStore } from './parts/challenge-store.js';

export interface App {
  client: ParlorClient;
  me: { id: UserId; name: string; roles: string[] };
  /** Navigates to a hash route: `go('/room/' + id)`. */
  go(path: string): void;
  challenges: ChallengeStore;
  /** Display names learnt from rooms, messages and the session. */
  names: Map<UserId, string>;
  nameOf(id: UserId | null | undefined): string;
  rememberRoom(room: Room): void;
  /** Server time now, in epoch ms (the local clock corrected by the offset seen at connect). */
  serverNow(): number;
}

/** A mounted page: the router calls the cleanup when it navigates away. */
export type Page = (app: App, el: HTMLElement, param: string, query: URLSearchParams) => (() => void) | void;
