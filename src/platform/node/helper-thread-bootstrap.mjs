// Worker threads do not inherit tsx's loader from the parent; register it here, then load the TS entry.
import { register } from 'tsx/esm/api';

register();
await import('./helper-thread-entry.ts');
