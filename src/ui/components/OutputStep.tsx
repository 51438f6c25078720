import { Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { canChooseOutput } from '../job-selectors.js';

/** Step 2: where the Motion Photos and the copies go. */
export function OutputStep() {
  const [state, actions] = useJob();
  return (
    <section aria-labelledby="output-heading" class="step">
      <h2 id="output-heading">2. Where to put the result</h2>
      <Show
        when={state.outputMode === 'folder'}
        fallback={
          <p class="hint">
            This browser cannot write into a folder, so the result is downloaded as one ZIP file, streamed while it is made (no size limit), with the report inside. Unpack it where you keep your
            photos.
          </p>
        }
      >
        <p class="hint">An empty folder is best. Existing results there are kept and skipped.</p>
        <button type="button" disabled={!canChooseOutput(state)} onClick={() => void actions.chooseOutput()}>
          Choose output folder
        </button>
        <Show when={state.outputName}>
          <p>
            Output: <strong>{state.outputName}</strong>
          </p>
        </Show>
        <Show when={state.outputNote}>
          <p class="note">{state.outputNote}</p>
        </Show>
      </Show>
    </section>
  );
}
