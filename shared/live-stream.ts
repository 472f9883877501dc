/**
 * The live stream's heartbeat: the server sends one this often, so a client that hears nothing for
 * several of them knows its connection is dead even when the network never said so (a hotspot that lost
 * its backhaul keeps the TCP connection "open" for minutes).
 */
export const LIVE_HEARTBEAT_MS = 20_000;

/** The named event the heartbeat is sent as; comments would be invisible to EventSource. */
export const LIVE_HEARTBEAT_EVENT = 'heartbeat';
