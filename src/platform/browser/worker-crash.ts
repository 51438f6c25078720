/**
 * Settles (rejected with `errorOf(message)`) when `worker` fails to load or throws outside a
 * call: a call in flight would otherwise wait forever.
 */
export function crashOf(worker: Worker, errorOf: (message: string) => Error): Promise<never> {
  const crashed = new Promise<never>((_, reject) => worker.addEventListener('error', (event) => reject(errorOf(event.message || 'unknown error'))));
  crashed.catch(() => undefined);
  return crashed;
}
