import { For, Show } from 'solid-js';
import { useJob } from '../job-context.js';
import { formatNumber, say, t } from '../i18n/i18n.js';

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
        <h3 id="review-heading">{t('review.heading')}</h3>
        <p>{t('review.intro')}</p>
        <ul class="review-list">
          <For each={state.reviews}>
            {(item) => (
              <li aria-label={t('review.pair', { still: item.still, video: item.video })}>
                <div class="review-pictures">
                  <figure>
                    <img src={item.stillUrl} alt={t('review.photo', { name: item.still })} />
                    <figcaption>{item.still}</figcaption>
                  </figure>
                  <For each={item.frameUrls}>
                    {(url, i) => (
                      <figure>
                        <img src={url} alt={t('review.frame', { index: i() + 1, video: item.video })} />
                        <figcaption>{i() === 0 ? item.video : ''}</figcaption>
                      </figure>
                    )}
                  </For>
                </div>
                <p class="hint">{t('review.likeness', { score: formatNumber(item.score, 2) })}</p>
                <Show
                  when={item.outcome}
                  fallback={
                    <div class="actions">
                      <button type="button" disabled={item.busy} onClick={() => void actions.decideReview(item.id, 'same-moment')}>
                        {t('review.same')}
                      </button>
                      <button type="button" disabled={item.busy} onClick={() => void actions.decideReview(item.id, 'not-the-same')}>
                        {t('review.notSame')}
                      </button>
                    </div>
                  }
                >
                  <p role="status">{say(item.outcome!)}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
