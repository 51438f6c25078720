// Imported by the generated service worker. Streams a ZIP that the page builds straight to the
// browser's download manager, so the archive is never held whole in memory (browsers without
// the File System Access API). The page sends one chunk per `pull`: backpressure end to end.
const pendingDownloads = new Map();

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'apples2droids-download') return;
  const { id, name, port } = data;
  let controller;
  const stream = new ReadableStream({
    start(c) {
      controller = c;
    },
    pull() {
      port.postMessage({ type: 'pull' });
    },
    cancel() {
      port.postMessage({ type: 'cancelled' });
    },
  });
  port.onmessage = ({ data: message }) => {
    if (message.type === 'chunk') controller.enqueue(new Uint8Array(message.chunk));
    else if (message.type === 'end') controller.close();
    else if (message.type === 'abort') controller.error(new Error(message.reason || 'cancelled'));
  };
  pendingDownloads.set(id, { stream, name });
  port.postMessage({ type: 'ready' });
});

self.addEventListener('fetch', (event) => {
  const match = new URL(event.request.url).pathname.match(/\/__download\/([\w-]+)\//);
  const download = match && pendingDownloads.get(match[1]);
  if (!download) return;
  pendingDownloads.delete(match[1]);
  event.respondWith(
    new Response(download.stream, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download.name)}`,
        'X-Content-Type-Options': 'nosniff',
      },
    }),
  );
});
