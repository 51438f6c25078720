/**
 * The real conversion worker, except that a still whose first 64 bytes hold 'SPIN' makes it loop
 * forever (a codec stuck on hostile input) and one holding 'EXIT' kills its thread (a wasm abort).
 * It lets the tests prove that the pool's time limit and crash detection keep a batch going.
 */
import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { nodeEndpoint } from '../../src/platform/node/node-endpoint.js';
import { type PairRequest } from '../../src/pair/pair-contract.js';
import { createWorkerApi } from '../../src/workers/worker-api.js';

export const SPIN = 'SPIN';
export const EXIT = 'EXIT';

const real = createWorkerApi(createNodeCodecs());
const holds = (bytes: Uint8Array, text: string) => String.fromCharCode(...bytes.subarray(0, 64)).includes(text);

Comlink.expose(
  {
    ...real,
    convert(request: PairRequest) {
      if (holds(request.still, SPIN)) for (;;);
      if (holds(request.still, EXIT)) process.exit(7);
      return real.convert(request);
    },
  },
  nodeEndpoint(parentPort!),
);
