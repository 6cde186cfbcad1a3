/** Table types of the SQL history store (one schema for SQLite and PostgreSQL). */
import type { Generated, Kysely } from 'kysely';

export interface RoomsTable {
  room_id: string;
  status: string;
  data: string;
  updated_at: number;
  rev: number;
}

export interface EventsTable {
  room_id: string;
  version: number;
  user_id: string | null;
  action: string;
  payload: string;
  result: string | null;
  action_id: string | null;
  ts: number;
}

export interface MessagesTable {
  seq: Generated<number>;
  room_id: string;
  user_id: string;
  name: string;
  text: string;
  ts: number;
  client_msg_id: string | null;
}

export interface MatchesTable {
  room_id: string;
  game_type: string;
  players: string;
  result: string;
  ended_at: number;
}

export interface MatchPlayersTable {
  user_id: string;
  room_id: string;
  ended_at: number;
}

export interface ChallengesTable {
  challenge_id: string;
  from_user_id: string;
  to_user_id: string;
  status: string;
  data: string;
  created_at: number;
  expires_at: number;
}

export interface UsersTable {
  user_id: string;
  name: string;
  last_seen: number;
}

export interface TimersTable {
  key: string;
  kind: string;
  due_at: number;
  data: string;
}

export interface Database {
  rooms: RoomsTable;
  events: EventsTable;
  messages: MessagesTable;
  matches: MatchesTable;
  match_players: MatchPlayersTable;
  challenges: ChallengesTable;
  users: UsersTable;
  timers: TimersTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
