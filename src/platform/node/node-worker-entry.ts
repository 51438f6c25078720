import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { createWorkerApi } from '../../workers/worker-api.js';
import { createNodeCodecs } from './node-codecs.js';
import { nodeEndpoint } from './node-endpoint.js';

if (!parentPort) throw new Error('node-worker-entry must run in a worker thread');
Comlink.expose(createWorkerApi(createNodeCodecs()), nodeEndpoint(parentPort));
