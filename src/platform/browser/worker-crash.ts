/** Settles (rejected) when `worker` fails to load or throws outside a call: a call in flight would otherwise wait forever. */
export function crashOf(worker: Worker, what: string): Promise<never> {
  const crashed = new Promise<never>((_, reject) => worker.addEventListener('error', (event) => reject(new Error(`${what} stopped: ${event.message || 'unknown error'}`))));
  crashed.catch(() => undefined);
  return crashed;
}
