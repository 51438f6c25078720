import * as Comlink from 'comlink';
import { createWorkerApi } from '../../workers/worker-api.js';
import { createBrowserCodecs } from './browser-codecs.js';
import { CONVERTER_NAME } from './converter-name.js';

// A conversion worker: codecs load lazily on the first pair and stay for every later one.
Comlink.expose(createWorkerApi(createBrowserCodecs(undefined, undefined, self.name === CONVERTER_NAME.withTileHelper)));
