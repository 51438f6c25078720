import { Show, createSignal } from 'solid-js';
import { LibraryGrid } from './LibraryGrid.js';
import { useJob } from '../job-context.js';
import { isBusy, pairsFound, resumeText } from '../job-selectors.js';
import { t } from '../i18n/i18n.js';

/** Step 1: the export folder, by picker, by drag and drop, or (without File System Access) by file input. */
export function InputStep() {
  const [state, actions] = useJob();
  const busy = () => isBusy(state);
  const [dragging, setDragging] = createSignal(false);
  return (
    <section
      aria-labelledby="input-heading"
      class="step drop-zone"
      classList={{ over: dragging() }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(!busy());
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (e.dataTransfer && !busy()) void actions.dropInput(e.dataTransfer.items);
      }}
    >
      <h2 id="input-heading">{t('input.heading')}</h2>
      <p class="drop-here">{t('input.dropHere')}</p>
      <Show when={state.phase === 'choose' && resumeText(state)}>
        {(text) => (
          <div class="resume" role="group" aria-label={t('input.unfinished')}>
            <p>{t('input.resumeFromInto', { resume: text(), input: state.resumable!.inputName, output: state.resumable!.outputName })}</p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => void actions.resume()}>
                {t('input.resume')}
              </button>
              <button type="button" onClick={() => void actions.forgetResumable()}>
                {t('input.startOver')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <p class="hint">{t('input.hint')}</p>
      <div class="actions">
        <Show
          when={state.canUseFolders}
          fallback={
            <label class="button">
              {t('input.chooseFolder')}
              <input type="file" class="visually-hidden" {...{ webkitdirectory: true }} multiple disabled={busy()} onChange={(e) => void actions.useFileList([...(e.currentTarget.files ?? [])])} />
            </label>
          }
        >
          <button type="button" disabled={busy()} onClick={() => void actions.chooseInput()}>
            {t('input.chooseFolder')}
          </button>
        </Show>
        <label class="button">
          {t('input.chooseZips')}
          <input type="file" class="visually-hidden" accept=".zip,.livp" multiple disabled={busy()} onChange={(e) => void actions.useFileList([...(e.currentTarget.files ?? [])])} />
        </label>
      </div>
      <Show when={state.inputName}>
        <p>
          {t('input.chosen')} <strong>{state.inputArchives ? t('input.archives', { count: state.inputArchives }) : state.inputName}</strong>
        </p>
      </Show>
      <Show when={state.scan}>
        {(scan) => (
          <div class="scan">
            <ul aria-label={t('input.found')}>
              <li>{t('input.pairs', { pairs: pairsFound(state), byIdentifier: scan().pairsByIdentifier, byName: scan().pairsByName })}</li>
              <li>{t('input.alone', { stills: scan().stillsToCopy, videos: scan().videosToCopy })}</li>
              <li>{t('input.other', { count: scan().otherFiles })}</li>
              <Show when={scan().unreadable.length}>
                <li>{t('input.unreadable', { count: scan().unreadable.length })}</li>
              </Show>
            </ul>
            <Show when={state.phase === 'ready'}>
              <LibraryGrid />
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
