/** WebRTC signalling relay (SPEC §11): only between members of one room, sender set by the server. */
import { ParlorError, fail } from '../../core/errors.js';
import type { Caller, Deps } from '../deps.js';
import { isMember } from '../rooms/room-record.js';

export const SIGNAL_MAX_BYTES = 16 * 1024;

export type SignalEvent = 'webrtc_offer' | 'webrtc_answer' | 'ice_candidate';

export class SignallingService {
  constructor(private readonly d: Deps) {}

  async relay(caller: Caller, event: SignalEvent, input: { room_id: string; to_user_id: string } & Record<string, unknown>): Promise<{ delivered: true }> {
    const field = event === 'ice_candidate' ? 'candidate' : 'sdp';
    if (Buffer.byteLength(JSON.stringify(input)) > SIGNAL_MAX_BYTES) {
      throw new ParlorError('VALIDATION_ERROR', `The whole payload must be at most ${SIGNAL_MAX_BYTES} bytes`, { field });
    }
    const room = await this.d.repo.get(input.room_id);
    if (!room) throw fail.notFound('Room');
    if (room.status === 'closed') throw fail.closed();
    if (!isMember(room, caller.id)) throw fail.notInRoom();
    if (input.to_user_id === caller.id) throw fail.validation('to_user_id', 'You cannot signal yourself');
    if (!isMember(room, input.to_user_id)) throw new ParlorError('NOT_IN_ROOM', 'The target is not a member of this room', { field: 'to_user_id' });
    this.d.pusher.toUser(input.to_user_id, event, { room_id: room.room_id, from_user_id: caller.id, to_user_id: input.to_user_id, [field]: input[field] });
    return { delivered: true };
  }
}
