// Like src/platform/node/node-worker-bootstrap.mjs, for the worker that misbehaves on request.
import { register } from 'tsx/esm/api';

register();
await import('./misbehaving-worker.ts');
