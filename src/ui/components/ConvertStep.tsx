import { For, Show, createMemo } from 'solid-js';
import { formatBytes, formatDuration } from '../format.js';
import { useJob } from '../job-context.js';
import { MotionPhotoTile } from './MotionPhotoTile.js';
import { canConvert, runSpeed, showsRunProgress } from '../job-selectors.js';
import { t } from '../i18n/i18n.js';

/** Step 3: convert, with a determinate progress bar, speed, time left, the file list and previews. */
export function ConvertStep() {
  const [state, actions] = useJob();
  const stats = createMemo(() => runSpeed(state, performance.now()));
  return (
    <section aria-labelledby="convert-heading" class="step">
      <h2 id="convert-heading">{t('convert.heading')}</h2>
      <div class="actions">
        <button type="button" class="primary" disabled={!canConvert(state)} onClick={() => void actions.convert()}>
          {t('convert.convert')}
        </button>
        <button type="button" disabled={state.phase !== 'converting'} onClick={() => actions.cancel()}>
          {t('convert.cancel')}
        </button>
      </div>
      <Show when={state.codecDownload}>
        {(d) => (
          <>
            <progress aria-label={t('convert.codecProgress')} max={d().total || 1} value={d().loaded} />
            <p>{t('convert.codecText', { loaded: formatBytes(d().loaded), total: formatBytes(d().total) })}</p>
          </>
        )}
      </Show>
      <Show when={showsRunProgress(state)}>
        <progress aria-label={t('convert.progress')} max={state.progress!.bytesTotal || 1} value={state.progress!.bytesDone} />
        <p>
          {t('convert.filesDone', { done: state.progress!.filesDone, total: state.progress!.filesTotal })}
          <Show when={stats()}>
            {(s) => (
              <>
                {t('convert.speed', { rate: formatBytes(s().rate) })}
                <Show when={s().left !== undefined && state.phase === 'converting'}>{t('convert.left', { left: formatDuration(s().left!) })}</Show>
              </>
            )}
          </Show>
        </p>
      </Show>
      <Show when={state.previews.length}>
        <div class="previews" aria-label={t('convert.finished')}>
          <For each={state.previews}>{(p) => <MotionPhotoTile preview={p} />}</For>
        </div>
      </Show>
      <Show when={state.files.length}>
        <table class="files">
          <caption>{t('convert.files')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('convert.file')}</th>
              <th scope="col">{t('convert.result')}</th>
              <th scope="col">{t('convert.details')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={state.files}>
              {(f) => (
                <tr classList={{ failed: f.action === 'failed' }}>
                  <td>{f.input}</td>
                  <td>{t(`action.${f.action}`)}</td>
                  <td>
                    {f.error ?? (f.output && f.output !== f.input ? `→ ${f.output}` : '')}
                    {f.warnings.length ? ` (${f.warnings.join('; ')})` : ''}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
