import * as Comlink from 'comlink';
import { createWorkerApi } from '../../workers/worker-api.js';
import { createBrowserCodecs } from './browser-codecs.js';

// A conversion worker: codecs load lazily on the first pair and stay for every later one.
Comlink.expose(createWorkerApi(createBrowserCodecs()));
