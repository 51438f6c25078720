import * as Comlink from 'comlink';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { createWorkerApi } from '../../workers/worker-api.js';
import { createNodeCodecs } from './node-codecs.js';
import { nodeEndpoint } from './node-endpoint.js';

if (!parentPort) throw new Error('node-worker-entry must run in a worker thread');
// Worker threads may not take --expose-gc in execArgv; this enables it for this isolate, so the
// worker can free a finished pair's pixel buffers at once.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
Comlink.expose(createWorkerApi(createNodeCodecs(), gc), nodeEndpoint(parentPort));
