import { For, Show } from 'solid-js';
import { useJob } from '../job-context.js';

/**
 * Pairs the pair check could not decide: the photo and frames of its video side by side, and
 * the person's answer. Nothing is written for a pair until it is answered; an unanswered pair
 * is checked (and asked about) again on the next run.
 */
export function ReviewList() {
  const [state, actions] = useJob();
  return (
    <Show when={state.reviews.length}>
      <section aria-labelledby="review-heading" class="review">
        <h3 id="review-heading">Pairs to look at</h3>
        <p>These photos and videos share a name, but the check could not tell whether they show the same moment. Look, then answer for each.</p>
        <ul class="review-list">
          <For each={state.reviews}>
            {(item) => (
              <li aria-label={`Pair ${item.still} and ${item.video}`}>
                <div class="review-pictures">
                  <figure>
                    <img src={item.stillUrl} alt={`Photo ${item.still}`} />
                    <figcaption>{item.still}</figcaption>
                  </figure>
                  <For each={item.frameUrls}>
                    {(url, i) => (
                      <figure>
                        <img src={url} alt={`Frame ${i() + 1} of the video ${item.video}`} />
                        <figcaption>{i() === 0 ? item.video : ''}</figcaption>
                      </figure>
                    )}
                  </For>
                </div>
                <p class="hint">Likeness measured: {item.score.toFixed(2)} (same moments score 0.8 and up)</p>
                <Show
                  when={item.outcome}
                  fallback={
                    <div class="actions">
                      <button type="button" disabled={item.busy} onClick={() => void actions.decideReview(item.id, 'same-moment')}>
                        Same moment
                      </button>
                      <button type="button" disabled={item.busy} onClick={() => void actions.decideReview(item.id, 'not-the-same')}>
                        Not the same
                      </button>
                    </div>
                  }
                >
                  <p role="status">{item.outcome}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
