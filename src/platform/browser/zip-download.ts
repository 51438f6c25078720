/** A download that the page feeds chunk by chunk (through the service worker's stream). */
export interface StreamedDownload {
  write(chunk: Uint8Array): Promise<void>;
  close(): void;
  abort(reason: string): void;
}

/**
 * Starts a streamed download of `name`: the service worker (public/zip-download-sw.js) answers a
 * hidden frame's request with a ReadableStream, and `write` waits for each of its pulls.
 */
export async function startStreamedDownload(name: string): Promise<StreamedDownload> {
  const registration = await navigator.serviceWorker?.ready;
  const worker = navigator.serviceWorker?.controller ?? registration?.active;
  if (!worker) throw new Error('Downloading needs the app’s service worker, which this browser has not started (private window?). Reload the page once and try again.');
  const id = crypto.randomUUID();
  const channel = new MessageChannel();
  let credits = 0;
  let waiting: (() => void) | undefined;
  let cancelled = false;
  const ready = new Promise<void>((resolve) => {
    channel.port1.onmessage = ({ data }) => {
      if (data.type === 'ready') resolve();
      else if (data.type === 'pull') credits++;
      else if (data.type === 'cancelled') cancelled = true;
      waiting?.();
    };
  });
  worker.postMessage({ type: 'apples2droids-download', id, name, port: channel.port2 }, [channel.port2]);
  await ready;
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'download';
  frame.src = `./__download/${id}/${encodeURIComponent(name)}`;
  document.body.append(frame);
  const cleanup = () => setTimeout(() => frame.remove(), 60_000);
  return {
    async write(chunk) {
      while (credits === 0 && !cancelled) await new Promise<void>((resolve) => (waiting = resolve));
      if (cancelled) throw new DOMException('The download was cancelled in the browser', 'AbortError');
      credits--;
      const copy = chunk.slice(); // its own buffer, so it can be transferred
      channel.port1.postMessage({ type: 'chunk', chunk: copy.buffer }, [copy.buffer]);
    },
    close() {
      channel.port1.postMessage({ type: 'end' });
      cleanup();
    },
    abort(reason) {
      channel.port1.postMessage({ type: 'abort', reason });
      cleanup();
    },
  };
}
