import * as Comlink from 'comlink';

/**
 * `bytes` marked to be moved, not copied, to another thread by Comlink: the view itself when it
 * spans its whole buffer, else a copy of its bytes alone (moving a view's buffer would move, and
 * copying it would copy, everything else in that buffer too). The sender no longer has them.
 */
export function transferableBytes(bytes: Uint8Array): Uint8Array {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  return Comlink.transfer(own, [own.buffer as ArrayBuffer]);
}
