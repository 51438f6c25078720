import { Show, createSignal } from 'solid-js';
import { warmCodecCache } from './warm-codec-cache.js';
import { t } from './i18n/i18n.js';

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
        <div class="banner" role="region" aria-label={t('update.region')}>
          {t('update.ready')}{' '}
          <button type="button" onClick={() => void update()!()}>
            {t('update.reload')}
          </button>
        </div>
      </Show>
      <Show when={offlineReady() && !update()}>
        <p class="hint">{t('update.offline')}</p>
      </Show>
    </>
  );
}
