import { For, Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { runCounts } from '../job-selectors.js';
import { ReviewList } from './ReviewList.js';

/** Step 5: the summary, the failures with their reasons, and the report. */
export function DoneStep() {
  const [state, actions] = useJob();
  return (
    <Show when={state.result && runCounts(state)}>
      {(counts) => (
        <section aria-labelledby="done-heading" class="step">
          <h2 id="done-heading">Summary</h2>
          <ul>
            <li>
              {counts().motionPhotos} Motion Photos made from {counts().filesMerged} files
            </li>
            <li>{counts().copied} files copied as they are</li>
            <li>{counts().skipped} files already done in an earlier run</li>
            <li>{counts().failed} files failed (they were copied unchanged)</li>
            <Show when={counts().pairsKeptApart}>
              <li>{counts().pairsKeptApart} pairs kept as two files: the pair check found the photo and the video do not match (the report says why)</li>
            </Show>
            <Show when={counts().pairsWaiting}>
              <li>{counts().pairsWaiting} pairs waiting for your answer below; nothing is written for them until you answer</li>
            </Show>
          </ul>
          <ReviewList />
          <Show when={counts().failed}>
            <ul aria-label="Failures">
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
            <h3 id="next-heading">Next: your photos on Android</h3>
            <ul>
              <li>
                <strong>Over USB:</strong> connect the phone, choose "File transfer", and copy the result into the phone's <code>DCIM/Camera</code> folder. The gallery shows them as moving photos.
              </li>
              <li>
                <strong>Google Photos:</strong> upload the result at photos.google.com in this browser; they play on every phone signed in to your account.
              </li>
              <li>
                <strong>Nearby Share / Quick Share:</strong> send the files from a computer that has it to the phone.
              </li>
            </ul>
            <p class="hint">Motion Photos play in Google Photos, Samsung Gallery, Immich, ente, Nextcloud Memories, Aves, and the Xiaomi, OPPO and vivo galleries.</p>
          </section>
          <div class="actions">
            <button type="button" onClick={() => actions.downloadReport('json')}>
              Download report
            </button>
            <button type="button" onClick={() => actions.downloadReport('csv')}>
              Download report as CSV
            </button>
          </div>
        </section>
      )}
    </Show>
  );
}
