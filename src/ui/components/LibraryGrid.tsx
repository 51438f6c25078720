import { For, Index, Show, createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { LIBRARY_GROUPS, type LibraryGroup } from '../../engine/library-groups.js';
import { useJob } from '../job-context.js';
import { t } from '../i18n/i18n.js';

/** A tile's box in CSS pixels (styles.css `.library-grid` follows them): rows of equal height make the grid's scroll arithmetic exact. */
const TILE_MIN_WIDTH = 132;
const ROW_HEIGHT = 172;
const GAP = 8;
/** Rows drawn above and below the visible ones, so a scroll shows tiles already there. */
const OVERSCAN_ROWS = 2;

const GROUP_LABEL = { motion: 'library.motion', carried: 'library.carried', attention: 'library.attention' } as const;
const KIND_LABEL = { jpeg: 'library.kindPhoto', heic: 'library.kindPhoto', quicktime: 'library.kindVideo', mp4: 'library.kindVideo', other: 'library.kindOther' } as const;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A still drawn small by the thumbnail worker; drawn again when its place shows another still. */
function Thumbnail(props: { path: string; kind: 'jpeg' | 'heic' }) {
  const [, actions] = useJob();
  let canvas!: HTMLCanvasElement;
  createEffect(() => onCleanup(actions.drawThumbnail(canvas, props.path, props.kind)));
  return <canvas ref={canvas} role="img" aria-label={t('input.thumbnail', { path: props.path })} />;
}

/**
 * One place of the grid, showing the tile at `index`: a still by its thumbnail, else the file's
 * kind and name. Scrolling changes what a place shows rather than making new places: a fast
 * scroll or a dragged scroll bar shows new tiles in every place at once, and making and dropping
 * some fifty tiles' elements each frame kept the page's thread busy (e2e/library-grid).
 */
function TilePlace(props: { group: LibraryGroup; index: number; count: number }) {
  const [, actions] = useJob();
  const tile = createMemo(() => actions.libraryTile(props.group, props.index));
  const still = () => {
    const { kind, path } = tile() ?? {};
    return kind === 'jpeg' || kind === 'heic' ? { kind, path: path! } : undefined;
  };
  return (
    <li class="library-tile" aria-posinset={props.index + 1} aria-setsize={props.count} title={[tile()?.path, tile()?.video, tile()?.note].filter(Boolean).join('\n')}>
      <Show when={still()} fallback={<span class="glyph">{t(KIND_LABEL[tile()?.kind ?? 'other'])}</span>}>
        {(shown) => <Thumbnail path={shown().path} kind={shown().kind} />}
      </Show>
      <Show when={tile()?.video}>
        <span class="live-badge">{t('library.live')}</span>
      </Show>
      <span class="name">{baseName(tile()?.path ?? '')}</span>
      <Show when={tile()?.note}>{(note) => <span class="library-note">{note()}</span>}</Show>
    </li>
  );
}

/**
 * Only the rows in view (and a couple either side) are in the page: 20,000 files make a grid
 * of thousands of rows, and a tile each would be tens of thousands of elements. The scroll
 * height is the whole grid's, so the scroll bar tells where one is.
 */
function VirtualGrid(props: { group: LibraryGroup; count: number }) {
  let scroller!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [box, setBox] = createSignal({ width: 0, height: 0 });
  onMount(() => {
    const observer = new ResizeObserver(() => setBox({ width: scroller.clientWidth, height: scroller.clientHeight }));
    observer.observe(scroller);
    onCleanup(() => observer.disconnect());
  });
  const columns = createMemo(() => Math.max(1, Math.floor((box().width - GAP) / (TILE_MIN_WIDTH + GAP))));
  const rows = () => Math.ceil(props.count / columns());
  const shown = createMemo(() => {
    const first = Math.max(0, Math.floor(scrollTop() / ROW_HEIGHT) - OVERSCAN_ROWS);
    const last = Math.min(rows(), Math.ceil((scrollTop() + Math.max(box().height, ROW_HEIGHT)) / ROW_HEIGHT) + OVERSCAN_ROWS);
    const indices: number[] = [];
    for (let i = first * columns(); i < Math.min(props.count, last * columns()); i++) indices.push(i);
    return { first, indices };
  });
  return (
    <div ref={scroller} id="library-panel" class="library-grid" role="tabpanel" tabindex="0" aria-labelledby={`library-tab-${props.group}`} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: `${rows() * ROW_HEIGHT}px`, position: 'relative' }}>
        <ul
          aria-label={t(GROUP_LABEL[props.group], { count: props.count })}
          style={{
            position: 'absolute',
            inset: '0 0 auto 0',
            transform: `translateY(${shown().first * ROW_HEIGHT}px)`,
            'grid-template-columns': `repeat(${columns()}, 1fr)`,
            'grid-auto-rows': `${ROW_HEIGHT - GAP}px`,
            gap: `${GAP}px`,
          }}
        >
          <Index each={shown().indices}>{(index) => <TilePlace group={props.group} index={index()} count={props.count} />}</Index>
        </ul>
      </div>
    </div>
  );
}

/**
 * What the scan found, to look through before converting: every Live Photo that will become a
 * Motion Photo (HEIC stills too, by their own thumbnail), the files carried over as they are,
 * and the files that need a look, one group at a time.
 */
export function LibraryGrid() {
  const [state] = useJob();
  const counts = () => state.scan!.groups;
  const [group, setGroup] = createSignal<LibraryGroup>(counts().motion > 0 || counts().attention === 0 ? 'motion' : 'attention');
  const tabs: HTMLButtonElement[] = [];
  // Tabs as WAI-ARIA's tab pattern: one tab stop, the arrows move between them.
  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? LIBRARY_GROUPS.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const index = (next + LIBRARY_GROUPS.length) % LIBRARY_GROUPS.length;
    setGroup(LIBRARY_GROUPS[index]!);
    tabs[index]?.focus();
  };
  return (
    <section class="library" aria-labelledby="library-heading">
      <h3 id="library-heading">{t('library.heading')}</h3>
      <div role="tablist" aria-labelledby="library-heading" class="library-tabs">
        <For each={LIBRARY_GROUPS}>
          {(g, i) => (
            <button
              ref={(el) => (tabs[i()] = el)}
              type="button"
              role="tab"
              id={`library-tab-${g}`}
              aria-selected={group() === g}
              aria-controls="library-panel"
              tabindex={group() === g ? 0 : -1}
              classList={{ attention: g === 'attention' && counts().attention > 0 }}
              onClick={() => setGroup(g)}
              onKeyDown={(e) => onKeyDown(e, i())}
            >
              {t(GROUP_LABEL[g], { count: counts()[g] })}
            </button>
          )}
        </For>
      </div>
      <Show when={group()} keyed>
        {(g) => (
          <Show when={counts()[g] > 0} fallback={<p class="hint library-empty">{t('library.empty')}</p>}>
            <VirtualGrid group={g} count={counts()[g]} />
          </Show>
        )}
      </Show>
    </section>
  );
}
