/** Named ID types: identity is always the user, sockets are only delivery addresses. */
export type UserId = string;
export type RoomId = string;
export type ChallengeId = string;
export type SocketId = string;
