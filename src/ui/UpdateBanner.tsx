import { Show, createSignal } from 'solid-js';
import { warmCodecCache } from './warm-codec-cache.js';

/** Registers the service worker; when a new version is waiting, offers a reload instead of forcing one. */
export function UpdateBanner() {
  const [update, setUpdate] = createSignal<(() => Promise<void>) | undefined>();
  const [offlineReady, setOfflineReady] = createSignal(false);
  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    void import('virtual:pwa-register').then(({ registerSW }) => {
      const updateSW = registerSW({
        onNeedRefresh: () => setUpdate(() => () => updateSW(true)),
        onOfflineReady: () => setOfflineReady(true),
      });
      void warmCodecCache().catch(() => undefined);
    });
  }
  return (
    <>
      <Show when={update()}>
        <div class="banner" role="region" aria-label="Update available">
          A new version of apples2droids is ready.{' '}
          <button type="button" onClick={() => void update()!()}>
            Reload to update
          </button>
        </div>
      </Show>
      <Show when={offlineReady() && !update()}>
        <p class="hint">Installed: this app now also works offline.</p>
      </Show>
    </>
  );
}
