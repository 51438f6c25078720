import { For, Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { runCounts } from '../job-selectors.js';
import { ReviewList } from './ReviewList.js';
import { t } from '../i18n/i18n.js';

/** Step 5: the summary, the failures with their reasons, and the report. */
export function DoneStep() {
  const [state, actions] = useJob();
  return (
    <Show when={state.result && runCounts(state)}>
      {(counts) => (
        <section aria-labelledby="done-heading" class="step">
          <h2 id="done-heading">{t('done.heading')}</h2>
          <ul>
            <li>{t('done.motionPhotos', { motionPhotos: counts().motionPhotos, files: counts().filesMerged })}</li>
            <li>{t('done.copied', { count: counts().copied })}</li>
            <li>{t('done.skipped', { count: counts().skipped })}</li>
            <li>{t('done.failed', { count: counts().failed })}</li>
            <Show when={counts().pairsKeptApart}>
              <li>{t('done.apart', { count: counts().pairsKeptApart })}</li>
            </Show>
            <Show when={counts().pairsWaiting}>
              <li>{t('done.waiting', { count: counts().pairsWaiting })}</li>
            </Show>
          </ul>
          <ReviewList />
          <Show when={counts().failed}>
            <ul aria-label={t('done.failures')}>
              <For each={state.result!.failures}>
                {(f) => (
                  <li>
                    {f.input}: {f.error}
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <section aria-labelledby="next-heading" class="next">
            <h3 id="next-heading">{t('done.next')}</h3>
            <ul>
              <li>
                <strong>{t('done.usbTitle')}</strong> {t('done.usb')}
              </li>
              <li>
                <strong>{t('done.googleTitle')}</strong> {t('done.google')}
              </li>
              <li>
                <strong>{t('done.nearbyTitle')}</strong> {t('done.nearby')}
              </li>
            </ul>
            <p class="hint">{t('done.galleries')}</p>
          </section>
          <div class="actions">
            <button type="button" onClick={() => actions.downloadReport('json')}>
              {t('done.report')}
            </button>
            <button type="button" onClick={() => actions.downloadReport('csv')}>
              {t('done.reportCsv')}
            </button>
          </div>
        </section>
      )}
    </Show>
  );
}
