import { useJob } from '../job-context.js';

/** The options, closed under one disclosure: sensible defaults, a one-line explanation each. */
export function OptionsStep() {
  const [state, actions] = useJob();
  const locked = () => state.phase === 'converting';
  return (
    <details class="options">
      <summary>
        <span id="options-heading">Options</span> <span class="hint">HDR, HEIC kept as HEIC, file names, checks (the defaults suit most people)</span>
      </summary>
      <fieldset disabled={locked()} aria-labelledby="options-heading">
        <legend class="visually-hidden">Conversion options</legend>
        <div class="option">
          <label for="quality">JPEG quality for HEIC photos</label>
          <input
            id="quality"
            type="number"
            min="50"
            max="100"
            value={state.options.jpegQuality}
            onChange={(e) => actions.setOption('jpegQuality', Math.max(50, Math.min(100, Number(e.currentTarget.value) || 90)))}
          />
          <p class="hint">90 keeps the photo visually identical (measured: 44 dB) at about 1.5× the HEIC's size.</p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.format === 'heic'} onChange={(e) => actions.setOption('format', e.currentTarget.checked ? 'heic' : 'jpeg')} /> Keep HEIC photos as HEIC
            (lossless)
          </label>
          <p class="hint">
            The photo stays exactly as the iPhone saved it: nothing is re-encoded, and files are smaller. Google Photos and Samsung Gallery play these Motion Photos; the Pixel's own gallery and some
            others show them as still photos. JPEG photos stay JPEG.
          </p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.hdr} onChange={(e) => actions.setOption('hdr', e.currentTarget.checked)} /> Keep HDR (Ultra HDR)
          </label>
          <p class="hint">
            iPhones since the 12 save how much brighter the light parts were. Kept, HDR screens (recent Pixels and Galaxies, Chrome) show them bright as the iPhone did; other screens show the usual
            photo. Adds about a tenth to the photo's size.
          </p>
        </div>
        <div class="option" role="radiogroup" aria-labelledby="naming-label">
          <span id="naming-label">File names</span>
          <label>
            <input type="radio" name="naming" checked={state.options.naming === 'mp'} onChange={() => actions.setOption('naming', 'mp')} /> IMG_1234.MP.jpg (recommended: what Android cameras write)
          </label>
          <label>
            <input type="radio" name="naming" checked={state.options.naming === 'plain'} onChange={() => actions.setOption('naming', 'plain')} /> IMG_1234.jpg
          </label>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.legacyMicroVideo} onChange={(e) => actions.setOption('legacyMicroVideo', e.currentTarget.checked)} /> Also write the old MicroVideo tags
          </label>
          <p class="hint">Only for very old Google Photos versions; OPPO phones then do not animate the photo.</p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.vendorExtras.includes('vivo')} onChange={(e) => actions.setOption('vendorExtras', e.currentTarget.checked ? ['vivo'] : [])} /> Add vivo's own
            Motion Photo tags
          </label>
          <p class="hint">vivo phones' gallery plays Motion Photos only with them; every other gallery we check ignores them.</p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.samsungTrailer} onChange={(e) => actions.setOption('samsungTrailer', e.currentTarget.checked)} /> Add Samsung's own Motion Photo trailer
          </label>
          <p class="hint">For older Samsung phones and galleries that look only for Samsung's format (Fotema). Recent Samsung phones and every other gallery we check play the files without it.</p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.keepLivePhotoId} onChange={(e) => actions.setOption('keepLivePhotoId', e.currentTarget.checked)} /> Keep Apple's Live Photo identifier
          </label>
          <p class="hint">Leave off: with it, Nextcloud Memories looks for a separate video and ignores the built-in one.</p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.orientationCheck} onChange={(e) => actions.setOption('orientationCheck', e.currentTarget.checked)} /> Check that every photo is upright
          </label>
          <p class="hint">Compares each photo with a frame of its own video, on this computer, and turns it when they disagree. The report lists every turn.</p>
        </div>
        <div class="option">
          <label>
            <input type="checkbox" checked={state.options.verifyPairs} onChange={(e) => actions.setOption('verifyPairs', e.currentTarget.checked)} /> Check pairs matched only by their file names
          </label>
          <p class="hint">
            For exports whose names you do not trust. Before merging, the photo is compared with its video; pairs that show different moments are kept as two files. When the check is unsure you
            decide, looking at both side by side. Pairs Apple itself linked are never checked. Adds about a second per checked pair.
          </p>
        </div>
        <div class="option">
          <label for="workers">Photos converted at once</label>
          <input id="workers" type="number" min="1" max="8" value={state.workers} onChange={(e) => actions.setWorkers(Number(e.currentTarget.value))} />
          <p class="hint">Chosen from this computer's cores and memory: {state.automaticWorkers}. More uses more memory (about 0.5 GB each).</p>
        </div>
      </fieldset>
    </details>
  );
}
