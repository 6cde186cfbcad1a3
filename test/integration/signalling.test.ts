/**
 * WebRTC signalling relay (SPEC §11): offers, answers and ICE candidates reach exactly the
 * named member's sockets, stamped with the sender by the server, and nobody else.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient, guest, sleep } from '../support/client.js';

const fx = useServer();
const SIGNAL_EVENTS = ['webrtc_offer', 'webrtc_answer', 'ice_candidate'];
const signals = (c: TestClient) => c.log.filter((e) => SIGNAL_EVENTS.includes(e.event));

/** A chat room with `owner` and the given members joined. */
async function roomWith(owner: TestClient, ...members: TestClient[]): Promise<string> {
  const { room } = await owner.ok('create_room', { game_type: 'chat' });
  for (const m of members) await m.ok('join_room', { room_id: room.room_id });
  return room.room_id;
}

const offerSdp = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:F7gI',
  'a=ice-pwd:x9cml/YzichV2+XlhiMu8g',
  'a=fingerprint:sha-256 D1:2C:BE:AD:0E:A3:56:E1:B4:A2:4A:2E:1E:7B:9D:3F:80:71:32:7A:8B:48:C9:42:6C:63:C6:3D:EE:38:C0:3C',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');
const answerSdp = offerSdp.replace('a=setup:actpass', 'a=setup:active').replace('F7gI', 'Qz9k');
const candidates = [
  { candidate: 'candidate:842163049 1 udp 1677729535 192.0.2.10 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0', sdpMid: '0', sdpMLineIndex: 0 },
  { candidate: 'candidate:1467250027 1 udp 2122260223 10.0.0.2 46243 typ host generation 0', sdpMid: '0', sdpMLineIndex: 0 },
  { candidate: 'candidate:1853887674 1 tcp 1518280447 10.0.0.2 9 typ host tcptype active generation 0', sdpMid: '0', sdpMLineIndex: 0 },
  { candidate: '', sdpMid: '0', sdpMLineIndex: 0 },
];

describe('webrtc signalling', () => {
  it('relays a realistic offer/answer/candidate exchange to both tabs of the named member only, stamped with the sender', async () => {
    const alice = await fx.guest('Alice');
    const bobWho = await guest(fx.server, 'Bob');
    const bobTab1 = fx.track(await TestClient.connect(fx.server, bobWho));
    const carol = await fx.guest('Carol');
    const outsider = await fx.guest('Outsider');
    const roomId = await roomWith(alice, bobTab1, carol);
    const bobTab2 = fx.track(await TestClient.connect(fx.server, bobWho));

    // Alice offers, then trickles candidates without waiting for the acks, as browsers do.
    const offerAck = alice.request('webrtc_offer', { room_id: roomId, to_user_id: bobWho.id, sdp: { type: 'offer', sdp: offerSdp } });
    const candidateAcks = candidates.map((candidate) => alice.request('ice_candidate', { room_id: roomId, to_user_id: bobWho.id, candidate }));
    expect((await offerAck).success).toBe(true);
    for (const ack of await Promise.all(candidateAcks)) expect(ack.success).toBe(true);

    // Bob answers with his own candidates.
    const offer = await bobTab1.waitFor('webrtc_offer');
    expect(offer).toEqual({ room_id: roomId, from_user_id: alice.id, to_user_id: bobWho.id, sdp: { type: 'offer', sdp: offerSdp } });
    await bobTab1.ok('webrtc_answer', { room_id: roomId, to_user_id: alice.id, sdp: { type: 'answer', sdp: answerSdp } });
    for (const candidate of candidates.slice(0, 2)) await bobTab2.ok('ice_candidate', { room_id: roomId, to_user_id: alice.id, candidate });

    await alice.waitFor('ice_candidate', (d) => d.candidate.candidate === candidates[1]!.candidate);
    for (const tab of [bobTab1, bobTab2]) await tab.waitFor('ice_candidate', (d) => d.candidate.candidate === '');
    await sleep(200);

    // Both of Bob's tabs got the offer, then every candidate, in the order they were sent.
    for (const tab of [bobTab1, bobTab2]) {
      const got = signals(tab);
      expect(got.map((e) => e.event)).toEqual(['webrtc_offer', 'ice_candidate', 'ice_candidate', 'ice_candidate', 'ice_candidate']);
      expect(got.slice(1).map((e) => e.data.candidate)).toEqual(candidates);
      for (const e of got) expect(e.data).toMatchObject({ room_id: roomId, from_user_id: alice.id, to_user_id: bobWho.id });
    }
    // Alice got Bob's answer and candidates, stamped with Bob's id.
    const toAlice = signals(alice);
    expect(toAlice.map((e) => e.event)).toEqual(['webrtc_answer', 'ice_candidate', 'ice_candidate']);
    expect(toAlice[0]!.data).toEqual({ room_id: roomId, from_user_id: bobWho.id, to_user_id: alice.id, sdp: { type: 'answer', sdp: answerSdp } });
    for (const e of toAlice) expect(e.data.from_user_id).toBe(bobWho.id);

    // A third member and an outsider saw nothing.
    expect(signals(carol)).toEqual([]);
    expect(signals(outsider)).toEqual([]);
  });

  it('accepts an SDP given as a plain string', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const roomId = await roomWith(a, b);
    expect(await a.ok('webrtc_offer', { room_id: roomId, to_user_id: b.id, sdp: offerSdp })).toEqual({ delivered: true });
    expect((await b.waitFor('webrtc_offer')).sdp).toBe(offerSdp);
  });

  it('rejects a client-supplied from_user_id as an unknown field and relays nothing', async () => {
    const [a, b, c] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const roomId = await roomWith(a, b, c);
    const e = await a.err('webrtc_offer', { room_id: roomId, to_user_id: b.id, from_user_id: c.id, sdp: offerSdp });
    expect(e).toMatchObject({ code: 'VALIDATION_ERROR', field: 'from_user_id' });
    const e2 = await a.err('ice_candidate', { room_id: roomId, to_user_id: b.id, from_user_id: c.id, candidate: candidates[0] });
    expect(e2).toMatchObject({ code: 'VALIDATION_ERROR', field: 'from_user_id' });
    await sleep(150);
    expect(signals(b)).toEqual([]);
  });

  it('answers NOT_IN_ROOM when the target is not a member, and when the sender is not a member', async () => {
    const [a, b, outsider] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const roomId = await roomWith(a, b);
    expect(await a.err('webrtc_offer', { room_id: roomId, to_user_id: outsider.id, sdp: offerSdp })).toMatchObject({ code: 'NOT_IN_ROOM', field: 'to_user_id' });
    expect((await a.err('ice_candidate', { room_id: roomId, to_user_id: 'nobody_at_all', candidate: candidates[0] })).code).toBe('NOT_IN_ROOM');
    expect((await outsider.err('webrtc_offer', { room_id: roomId, to_user_id: b.id, sdp: offerSdp })).code).toBe('NOT_IN_ROOM');
    expect((await outsider.err('webrtc_answer', { room_id: roomId, to_user_id: a.id, sdp: answerSdp })).code).toBe('NOT_IN_ROOM');
    // A member who left is no longer a target.
    await b.ok('leave_room', { room_id: roomId });
    expect((await a.err('webrtc_answer', { room_id: roomId, to_user_id: b.id, sdp: answerSdp })).code).toBe('NOT_IN_ROOM');
    await sleep(150);
    expect(signals(outsider)).toEqual([]);
    expect(signals(b)).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown room', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    expect((await a.err('webrtc_offer', { room_id: 'room_does_not_exist', to_user_id: b.id, sdp: offerSdp })).code).toBe('NOT_FOUND');
  });

  it('refuses a payload above 16 KiB with VALIDATION_ERROR, as a string or inside an object', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const roomId = await roomWith(a, b);
    const big = 'a=x-filler:' + 'z'.repeat(16 * 1024);
    expect((await a.err('webrtc_offer', { room_id: roomId, to_user_id: b.id, sdp: big })).code).toBe('VALIDATION_ERROR');
    expect((await a.err('webrtc_offer', { room_id: roomId, to_user_id: b.id, sdp: { type: 'offer', sdp: big } })).code).toBe('VALIDATION_ERROR');
    expect((await a.err('ice_candidate', { room_id: roomId, to_user_id: b.id, candidate: { candidate: big, sdpMid: '0' } })).code).toBe('VALIDATION_ERROR');
    // Just under the limit passes.
    const fits = 'v'.repeat(15 * 1024);
    expect(await a.ok('webrtc_offer', { room_id: roomId, to_user_id: b.id, sdp: fits })).toEqual({ delivered: true });
    await b.waitFor('webrtc_offer');
    expect(signals(b)).toHaveLength(1);
  });

  it('rejects missing or malformed fields with VALIDATION_ERROR naming the field', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const roomId = await roomWith(a, b);
    expect(await a.err('webrtc_offer', { room_id: roomId, to_user_id: b.id })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'sdp' });
    expect(await a.err('ice_candidate', { room_id: roomId, candidate: candidates[0] })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'to_user_id' });
    expect(await a.err('webrtc_answer', { room_id: roomId, to_user_id: b.id, sdp: 42 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'sdp' });
    expect(await a.err('webrtc_offer', { room_id: roomId, to_user_id: a.id, sdp: offerSdp })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'to_user_id' });
  });

  it('emits the relay reply as <event>_success and failures as error when no ack is given', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const roomId = await roomWith(a, b);
    a.sock.emit('ice_candidate', { room_id: roomId, to_user_id: b.id, candidate: candidates[0] });
    expect(await a.waitFor('ice_candidate_success')).toEqual({ delivered: true });
    a.sock.emit('webrtc_offer', { room_id: 'room_nope', to_user_id: b.id, sdp: offerSdp });
    expect(await a.waitFor('error', (d) => d.event === 'webrtc_offer')).toMatchObject({ event: 'webrtc_offer', code: 'NOT_FOUND' });
  });
});
