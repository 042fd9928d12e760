/**
 * The order the generator's round-robin walks its members in: one member of each room in turn (the first of
 * every room, then the second of every room, ...), so each room hears a steady share of the rate, as rooms whose
 * people write independently do. Walking the members as they connected (room by room) would instead send ~20
 * messages in a row into one room and then leave it silent for a second: a rolling burst in which messages of
 * one room arrive together, which favours any server that coalesces writes per socket.
 */
export function interleaveRooms<T extends { roomId: string }>(members: readonly T[]): T[] {
  const byRoom = new Map<string, T[]>();
  for (const m of members) {
    const room = byRoom.get(m.roomId);
    if (room) room.push(m);
    else byRoom.set(m.roomId, [m]);
  }
  const rooms = [...byRoom.values()];
  const order: T[] = [];
  for (let i = 0; order.length < members.length; i++) {
    for (const room of rooms) if (i < room.length) order.push(room[i]!);
  }
  return order;
}
