import * as Comlink from 'comlink';
import { parentPort, workerData } from 'node:worker_threads';
import { createWorkerApi } from '../../workers/worker-api.js';
import { createNodeCodecs } from './node-codecs.js';
import { nodeEndpoint } from './node-endpoint.js';
import { type NodeWorkerData } from './node-worker-pool.js';

/** Set by the CLI's build (scripts/build-cli.mjs) to the built helper thread's file name, beside this one. */
declare const __BUILT_HELPER_THREAD__: string | undefined;
const HELPER_THREAD = new URL(typeof __BUILT_HELPER_THREAD__ === 'string' ? __BUILT_HELPER_THREAD__ : './helper-thread-bootstrap.mjs', import.meta.url);
/** What the pool tells each worker (`createNodeWorkerPool`). */
const { helperHasOwnCore = false } = (workerData ?? {}) as NodeWorkerData;

if (!parentPort) throw new Error('node-worker-entry must run in a worker thread');
Comlink.expose(createWorkerApi(createNodeCodecs(undefined, { entry: HELPER_THREAD, ownCore: helperHasOwnCore })), nodeEndpoint(parentPort));
