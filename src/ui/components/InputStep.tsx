import { For, Show, createSignal } from 'solid-js';
import { useJob } from '../job-context.js';
import { isBusy, pairsFound, resumeText } from '../job-selectors.js';

/** A still decoded by the scan worker: drawn as it is, nothing decoded or fetched on the page. */
function StillThumbnail(props: { path: string }) {
  const [, actions] = useJob();
  return <canvas role="img" aria-label={`Live Photo still ${props.path}`} ref={(canvas) => actions.drawThumbnail(canvas, props.path)} />;
}

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
      <h2 id="input-heading">1. Your iCloud export</h2>
      <p class="drop-here">Drop your iCloud export here: a folder or the ZIP files</p>
      <Show when={state.phase === 'choose' && resumeText(state)}>
        {(text) => (
          <div class="resume" role="group" aria-label="Unfinished conversion">
            <p>
              <strong>{text()}</strong> from <strong>{state.resumable!.inputName}</strong> into <strong>{state.resumable!.outputName}</strong>. Finished files are kept; the rest is converted.
            </p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => void actions.resume()}>
                Resume
              </button>
              <button type="button" onClick={() => void actions.forgetResumable()}>
                Start over
              </button>
            </div>
          </div>
        )}
      </Show>
      <p class="hint">Or choose the folder you downloaded from iCloud, or its ZIP files as they came (all the parts at once). ZIP files and .livp Live Photos are read as they are, never unpacked.</p>
      <div class="actions">
        <Show
          when={state.canUseFolders}
          fallback={
            <label class="button">
              Choose input folder
              <input type="file" class="visually-hidden" {...{ webkitdirectory: true }} multiple disabled={busy()} onChange={(e) => void actions.useFileList([...(e.currentTarget.files ?? [])])} />
            </label>
          }
        >
          <button type="button" disabled={busy()} onClick={() => void actions.chooseInput()}>
            Choose input folder
          </button>
        </Show>
        <label class="button">
          Choose ZIP files
          <input type="file" class="visually-hidden" accept=".zip,.livp" multiple disabled={busy()} onChange={(e) => void actions.useFileList([...(e.currentTarget.files ?? [])])} />
        </label>
      </div>
      <Show when={state.inputName}>
        <p>
          Input: <strong>{state.inputName}</strong>
        </p>
      </Show>
      <Show when={state.scan}>
        {(scan) => (
          <div class="scan">
            <ul aria-label="What was found">
              <li>
                <strong>{pairsFound(state)}</strong> Live Photos to merge ({scan().pairsByIdentifier} matched by Apple's identifier, {scan().pairsByName} by name)
              </li>
              <li>
                {scan().stillsToCopy} photos and {scan().videosToCopy} videos without a partner, copied as they are
              </li>
              <li>{scan().otherFiles} other files, copied as they are</li>
              <Show when={scan().unreadable.length}>
                <li>{scan().unreadable.length} files whose metadata could not be read (they are still copied)</li>
              </Show>
            </ul>
            <Show when={scan().thumbnails.length}>
              <div class="thumbnails">
                <For each={scan().thumbnails}>{(path) => <StillThumbnail path={path} />}</For>
              </div>
            </Show>
            <Show when={scan().unreadable.length}>
              <details>
                <summary>Files with unreadable metadata</summary>
                <ul>
                  <For each={scan().unreadable.slice(0, 50)}>
                    {(u) => (
                      <li>
                        {u.path}: {u.problem}
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
