/**
 * Types shared by a switch session and its users: why a session closed, what it learnt in the
 * handshake, the injected clock and logger. Data only.
 */
import type { Dpid, MessageOf, OfpMessage, Port, SwitchDesc } from './types';

/** Why a session ended. Closed union: every place that closes a session names one of these. */
export type CloseReason =
  | { readonly kind: 'peer_closed' }
  | { readonly kind: 'socket_error'; readonly message: string }
  | { readonly kind: 'decode_error'; readonly code: string; readonly offset: number; readonly message: string }
  | { readonly kind: 'version_mismatch'; readonly peerVersion: number; readonly peerBitmap: readonly number[] }
  | { readonly kind: 'handshake_timeout'; readonly stage: HandshakeStage }
  | { readonly kind: 'handshake_failed'; readonly stage: HandshakeStage; readonly message: string }
  | { readonly kind: 'echo_timeout'; readonly silentMs: number }
  | { readonly kind: 'write_overflow'; readonly bufferedBytes: number }
  | { readonly kind: 'replaced' }
  | { readonly kind: 'shutdown' };

export type HandshakeStage = 'hello' | 'features' | 'config' | 'desc' | 'port_desc';

/** What the handshake learnt about the switch. */
export interface SwitchInfo {
  readonly dpid: Dpid;
  readonly nBuffers: number;
  readonly nTables: number;
  readonly auxiliaryId: number;
  readonly capabilities: number;
  readonly desc: SwitchDesc;
  readonly ports: readonly Port[];
}

/** Messages a switch sends on its own (OF1.3.5 7.4 "Asynchronous Messages"), plus errors not matched to a request. */
export type AsyncMessage = MessageOf<'packet_in'> | MessageOf<'port_status'> | MessageOf<'flow_removed'> | MessageOf<'error'> | MessageOf<'experimenter'>;

/** Events of one session, in order: at most one `ready`, then `message`s, then exactly one `closed`. */
export type ConnectionEvent =
  | { readonly type: 'ready'; readonly info: SwitchInfo }
  | { readonly type: 'message'; readonly xid: number; readonly msg: AsyncMessage }
  | { readonly type: 'closed'; readonly reason: CloseReason };

/** Injected time source and timers (house style: the domain never reads the clock itself). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The subset of a pino logger a session uses. */
export interface SessionLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: object): SessionLogger;
}

export interface SessionOptions {
  readonly clock: Clock;
  readonly log: SessionLogger;
  /** Idle time after which the controller probes the switch with ECHO_REQUEST. */
  readonly echoIntervalMs: number;
  /** Time without any message after a probe before the switch is declared gone. */
  readonly echoTimeoutMs: number;
  /** Timeout of each xid-correlated request. */
  readonly requestTimeoutMs: number;
  /** Timeout of the whole handshake. */
  readonly handshakeTimeoutMs: number;
  /** Buffered bytes above which `writable` turns false and senders should await `drained()`. */
  readonly writeHighWaterBytes: number;
}

/** An OFPT_ERROR received in answer to a request. */
export class OfpErrorReply extends Error {
  override readonly name = 'OfpErrorReply';
  constructor(
    readonly error: MessageOf<'error'>,
    readonly request: OfpMessage['type'],
  ) {
    super(`switch answered ${request} with error type ${error.errType} code ${error.code}`);
  }
}

/** A request that got no reply in time, or whose session closed first. */
export class RequestFailed extends Error {
  override readonly name = 'RequestFailed';
  constructor(
    readonly kind: 'timeout' | 'closed',
    readonly request: OfpMessage['type'],
  ) {
    super(kind === 'timeout' ? `${request}: no reply in time` : `${request}: session closed`);
  }
}
