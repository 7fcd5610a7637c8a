/** Public API of the OpenFlow 1.3 codec. Depends on nothing but node:*. */
export * from './types';
export * from './constants';
export { OfpDecodeError, OfpEncodeError, assertNever } from './errors';
export type { OfpDecodeErrorCode, OfpEncodeErrorCode } from './errors';
export { OXM_FIELDS, type OxmName, type OxmKind } from './oxm-table';
export { Reader } from './reader';
export { Writer } from './writer';
export { encodeMessage } from './encode';
export { decodeMessage } from './decode';
export { Framer } from './framer';
export * from './connection-types';
export { negotiateVersion } from './hello';
