/** The registered game modules by `game_type`; `chat` is the one non-game room type. */
import type { GameModule } from '../../games/game-module.js';
import { fail } from '../../core/errors.js';

export const CHAT = 'chat';

export class GameRegistry {
  private readonly modules = new Map<string, GameModule>();

  constructor(modules: GameModule[]) {
    for (const m of modules) {
      if (m.type === CHAT || this.modules.has(m.type)) throw new Error(`duplicate game_type "${m.type}"`);
      if (!/^[a-z0-9_]{1,64}$/.test(m.type)) throw new Error(`game_type "${m.type}" must match ^[a-z0-9_]{1,64}$`);
      this.modules.set(m.type, m);
    }
  }

  get(type: string): GameModule | undefined {
    return this.modules.get(type);
  }

  /** The module of a room's game; CONFLICT for a room without one (a chat room). */
  ofRoom(room: { game_type: string }): GameModule {
    const m = this.modules.get(room.game_type);
    if (!m) throw fail.conflict('This room has no game');
    return m;
  }

  has(type: string): boolean {
    return type === CHAT || this.modules.has(type);
  }

  all(): GameModule[] {
    return [...this.modules.values()];
  }
}
