import { Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { canChooseOutput } from '../job-selectors.js';
import { say, t } from '../i18n/i18n.js';

/** Step 2: where the Motion Photos and the copies go: a chosen folder, or one downloaded ZIP. */
export function OutputStep() {
  const [state, actions] = useJob();
  return (
    <section aria-labelledby="output-heading" class="step">
      <h2 id="output-heading">{t('output.heading')}</h2>
      <Show when={state.canUseFolders} fallback={<p class="hint">{t('output.zipOnly')}</p>}>
        <p class="hint">{t('output.emptyBest')}</p>
        <div class="actions">
          <button type="button" disabled={!canChooseOutput(state)} onClick={() => void actions.chooseOutput()}>
            {t('output.chooseFolder')}
          </button>
          <button type="button" disabled={!canChooseOutput(state) || state.outputMode === 'zip'} onClick={() => actions.useZipOutput()}>
            {t('output.zipInstead')}
          </button>
        </div>
        <Show when={state.outputMode === 'folder' && state.outputName}>
          <p>
            {t('output.chosen')} <strong>{state.outputName}</strong>
          </p>
        </Show>
        <Show when={state.outputMode === 'folder' && state.outputNote}>
          <p class="note">{say(state.outputNote!)}</p>
        </Show>
        <Show when={state.outputMode === 'zip'}>
          <p>
            {t('output.chosen')} <strong>{t('output.zip')}</strong>
            {t('output.zipDetails')}
          </p>
        </Show>
        <p class="hint">{t('output.dates')}</p>
      </Show>
    </section>
  );
}
