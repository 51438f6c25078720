import { type Endpoint } from 'comlink';

interface NodePort {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  off(event: 'message', listener: (data: unknown) => void): unknown;
}

/** Comlink speaks the DOM's addEventListener; Node's worker ports speak EventEmitter. */
export function nodeEndpoint(port: NodePort): Endpoint {
  const listeners = new WeakMap<object, (data: unknown) => void>();
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer as readonly unknown[]),
    addEventListener: (_type, handler) => {
      const listener = (data: unknown) => {
        const event = { data } as MessageEvent;
        if (typeof handler === 'function') handler(event);
        else handler.handleEvent(event);
      };
      listeners.set(handler as object, listener);
      port.on('message', listener);
    },
    removeEventListener: (_type, handler) => {
      const listener = listeners.get(handler as object);
      if (listener) port.off('message', listener);
    },
  };
}
