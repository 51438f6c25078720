import { Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { canChooseOutput } from '../job-selectors.js';

/** Step 2: where the Motion Photos and the copies go: a chosen folder, or one downloaded ZIP. */
export function OutputStep() {
  const [state, actions] = useJob();
  return (
    <section aria-labelledby="output-heading" class="step">
      <h2 id="output-heading">2. Where to put the result</h2>
      <Show
        when={state.canUseFolders}
        fallback={
          <p class="hint">
            This browser cannot write into a folder, so the result is downloaded as one ZIP file, streamed while it is made (no size limit), with the report inside. Every file in it keeps its date.
            Unpack it where you keep your photos.
          </p>
        }
      >
        <p class="hint">An empty folder is best. Existing results there are kept and skipped.</p>
        <div class="actions">
          <button type="button" disabled={!canChooseOutput(state)} onClick={() => void actions.chooseOutput()}>
            Choose output folder
          </button>
          <button type="button" disabled={!canChooseOutput(state) || state.outputMode === 'zip'} onClick={() => actions.useZipOutput()}>
            Download as a ZIP instead
          </button>
        </div>
        <Show when={state.outputMode === 'folder' && state.outputName}>
          <p>
            Output: <strong>{state.outputName}</strong>
          </p>
        </Show>
        <Show when={state.outputMode === 'folder' && state.outputNote}>
          <p class="note">{state.outputNote}</p>
        </Show>
        <Show when={state.outputMode === 'zip'}>
          <p>
            Output: <strong>one ZIP download</strong>, streamed while it is made, with the report inside. Every file in it keeps its date.
          </p>
        </Show>
        <p class="hint">
          Browsers cannot set the dates of files they write into a folder, so there every file gets today’s date. The date inside each photo (EXIF) is kept, and Google Photos sorts by it; for
          galleries that sort by file date, download a ZIP instead.
        </p>
      </Show>
    </section>
  );
}
