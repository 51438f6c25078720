import { Show, createSignal } from 'solid-js';
import { type Preview } from '../../platform/browser/session-events.js';
import { t } from '../i18n/i18n.js';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * A finished Motion Photo as a gallery shows it: its photo; pointing at it (or pressing it, with
 * the keyboard or a tap) plays its video from the moment the photo was taken, and when the clip
 * ends or the pointer leaves, it settles back on the photo. With reduced motion asked for, only a
 * press plays it. A clip this browser cannot decode (HEVC without a decoder) leaves the photo, with
 * a badge saying it moves on the phone.
 */
export function MotionPhotoTile(props: { preview: Preview }) {
  let video: HTMLVideoElement | undefined;
  const [moving, setMoving] = createSignal(false);
  const [playable, setPlayable] = createSignal<boolean | undefined>(undefined);
  const play = () => {
    if (!video || playable() === false) return;
    video.currentTime = props.preview.presentationTimestampUs / 1e6;
    video.play().then(
      () => setMoving(true),
      () => setPlayable(false),
    );
  };
  const settle = () => {
    setMoving(false);
    video?.pause();
  };
  return (
    <figure class="motion-photo" data-state={moving() ? 'moving' : 'still'}>
      <button
        type="button"
        class="tile"
        aria-label={t('tile.play', { name: props.preview.output })}
        aria-pressed={moving()}
        onPointerEnter={() => !reducedMotion() && play()}
        onPointerLeave={settle}
        onClick={() => (moving() ? settle() : play())}
      >
        <img src={props.preview.stillUrl} alt={t('tile.photo', { name: props.preview.output })} />
        <video
          ref={video}
          src={props.preview.videoUrl}
          muted
          playsinline
          preload="metadata"
          aria-hidden="true"
          classList={{ shown: moving() }}
          // Audio alone (no video decoder for the track) counts as not playable.
          onLoadedMetadata={(e) => setPlayable(e.currentTarget.videoWidth > 0)}
          onError={() => setPlayable(false)}
          onEnded={settle}
        />
      </button>
      <figcaption>
        {props.preview.output}
        <Show when={props.preview.hdr}>
          <span class="badge" title={t('tile.hdrTitle')}>
            {t('tile.hdr')}
          </span>
        </Show>
        <Show when={playable() === false}>
          <span class="badge quiet">{t('tile.movesOnPhone')}</span>
        </Show>
        <Show when={props.preview.playsIn.length}>
          <details class="plays-in">
            <summary>{t('tile.playsIn', { count: props.preview.playsIn.length })}</summary>
            <p>{props.preview.playsIn.join(', ')}</p>
          </details>
        </Show>
      </figcaption>
    </figure>
  );
}
