import { For, Show, createMemo } from 'solid-js';
import { formatBytes, formatDuration } from '../format.js';
import { useJob } from '../job-context.js';
import { MotionPhotoTile } from './MotionPhotoTile.js';
import { canConvert, runSpeed, showsRunProgress } from '../job-selectors.js';

const ACTION_LABELS = { 'motion-photo': 'Motion Photo', copied: 'copied', skipped: 'already done', failed: 'failed', 'kept-separate': 'kept as two files', 'needs-review': 'waiting for you' } as const;

/** Step 3: convert, with a determinate progress bar, speed, time left, the file list and previews. */
export function ConvertStep() {
  const [state, actions] = useJob();
  const stats = createMemo(() => runSpeed(state, performance.now()));
  return (
    <section aria-labelledby="convert-heading" class="step">
      <h2 id="convert-heading">3. Convert</h2>
      <div class="actions">
        <button type="button" class="primary" disabled={!canConvert(state)} onClick={() => void actions.convert()}>
          Convert
        </button>
        <button type="button" disabled={state.phase !== 'converting'} onClick={() => actions.cancel()}>
          Cancel
        </button>
      </div>
      <Show when={state.codecDownload}>
        {(d) => (
          <>
            <progress aria-label="Loading the video codec" max={d().total || 1} value={d().loaded} />
            <p>
              Loading the video codec, once for this device: {formatBytes(d().loaded)} of {formatBytes(d().total)}
            </p>
          </>
        )}
      </Show>
      <Show when={showsRunProgress(state)}>
        <progress aria-label="Conversion progress" max={state.progress!.bytesTotal || 1} value={state.progress!.bytesDone} />
        <p>
          {state.progress!.filesDone} of {state.progress!.filesTotal} files
          <Show when={stats()}>
            {(s) => (
              <>
                {' '}
                · {formatBytes(s().rate)}/s<Show when={s().left !== undefined && state.phase === 'converting'}> · about {formatDuration(s().left!)} left</Show>
              </>
            )}
          </Show>
        </p>
      </Show>
      <Show when={state.previews.length}>
        <div class="previews" aria-label="Finished Motion Photos">
          <For each={state.previews}>{(p) => <MotionPhotoTile preview={p} />}</For>
        </div>
      </Show>
      <Show when={state.files.length}>
        <table class="files">
          <caption>Files</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Result</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            <For each={state.files}>
              {(f) => (
                <tr classList={{ failed: f.action === 'failed' }}>
                  <td>{f.input}</td>
                  <td>{ACTION_LABELS[f.action]}</td>
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
