import { For, Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { ReviewList } from './ReviewList.js';

/** Step 5: the summary, the failures with their reasons, and the report. */
export function DoneStep() {
  const [state, actions] = useJob();
  return (
    <Show when={state.result}>
      {(result) => (
        <section aria-labelledby="done-heading" class="step">
          <h2 id="done-heading">5. Summary</h2>
          <ul>
            <li>{result().summary['motion-photo'] / 2 | 0} Motion Photos made from {result().summary['motion-photo']} files</li>
            <li>{result().summary.copied} files copied as they are</li>
            <li>{result().summary.skipped} files already done in an earlier run</li>
            <li>{result().summary.failed} files failed (they were copied unchanged)</li>
            <Show when={result().summary['kept-separate']}>
              <li>{result().summary['kept-separate'] / 2 | 0} pairs kept as two files: the pair check found the photo and the video do not match (the report says why)</li>
            </Show>
            <Show when={result().summary['needs-review']}>
              <li>{result().summary['needs-review'] / 2 | 0} pairs waiting for your answer below; nothing is written for them until you answer</li>
            </Show>
          </ul>
          <ReviewList />
          <Show when={result().summary.failed}>
            <ul aria-label="Failures">
              <For each={result().failures}>{(f) => <li>{f.input}: {f.error}</li>}</For>
            </ul>
          </Show>
          <div class="actions">
            <button type="button" onClick={() => actions.downloadReport('json')}>Download report</button>
            <button type="button" onClick={() => actions.downloadReport('csv')}>Download report as CSV</button>
          </div>
        </section>
      )}
    </Show>
  );
}
