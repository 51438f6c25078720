import { t } from '../i18n/i18n.js';
import { useJob } from '../job-context.js';

/** One checkbox option: its label, and a line that says what it does. */
function Toggle(props: { checked: boolean; onChange: (checked: boolean) => void; label: string; hint: string }) {
  return (
    <div class="option">
      <label>
        <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} /> {props.label}
      </label>
      <p class="hint">{props.hint}</p>
    </div>
  );
}

/** The options, closed under one disclosure: sensible defaults, a one-line explanation each. */
export function OptionsStep() {
  const [state, actions] = useJob();
  const locked = () => state.phase === 'converting';
  return (
    <details class="options">
      <summary>
        <span id="options-heading">{t('options.summary')}</span> <span class="hint">{t('options.summaryHint')}</span>
      </summary>
      <fieldset disabled={locked()} aria-labelledby="options-heading">
        <legend class="visually-hidden">{t('options.legend')}</legend>
        <div class="option">
          <label for="quality">{t('options.quality')}</label>
          <input
            id="quality"
            type="number"
            min="50"
            max="100"
            value={state.options.jpegQuality}
            onChange={(e) => actions.setOption('jpegQuality', Math.max(50, Math.min(100, Number(e.currentTarget.value) || 90)))}
          />
          <p class="hint">{t('options.qualityHint')}</p>
        </div>
        <Toggle checked={state.options.hdr} onChange={(on) => actions.setOption('hdr', on)} label={t('options.hdr')} hint={t('options.hdrHint')} />
        <Toggle checked={state.options.format === 'heic'} onChange={(on) => actions.setOption('format', on ? 'heic' : 'jpeg')} label={t('options.heic')} hint={t('options.heicHint')} />
        <div class="option" role="radiogroup" aria-labelledby="naming-label">
          <span id="naming-label">{t('options.names')}</span>
          <label>
            <input type="radio" name="naming" checked={state.options.naming === 'mp'} onChange={() => actions.setOption('naming', 'mp')} /> {t('options.namesMp')}
          </label>
          <label>
            <input type="radio" name="naming" checked={state.options.naming === 'plain'} onChange={() => actions.setOption('naming', 'plain')} /> {t('options.namesPlain')}
          </label>
        </div>
        <Toggle checked={state.options.samsungTrailer} onChange={(on) => actions.setOption('samsungTrailer', on)} label={t('options.samsung')} hint={t('options.samsungHint')} />
        <Toggle checked={state.options.legacyMicroVideo} onChange={(on) => actions.setOption('legacyMicroVideo', on)} label={t('options.microVideo')} hint={t('options.microVideoHint')} />
        <Toggle checked={state.options.vendorExtras.includes('vivo')} onChange={(on) => actions.setOption('vendorExtras', on ? ['vivo'] : [])} label={t('options.vivo')} hint={t('options.vivoHint')} />
        <Toggle checked={state.options.keepLivePhotoId} onChange={(on) => actions.setOption('keepLivePhotoId', on)} label={t('options.keepId')} hint={t('options.keepIdHint')} />
        <Toggle checked={state.options.orientationCheck} onChange={(on) => actions.setOption('orientationCheck', on)} label={t('options.orientation')} hint={t('options.orientationHint')} />
        <Toggle checked={state.options.verifyPairs} onChange={(on) => actions.setOption('verifyPairs', on)} label={t('options.verifyPairs')} hint={t('options.verifyPairsHint')} />
        <div class="option">
          <label for="workers">{t('options.workers')}</label>
          <input id="workers" type="number" min="1" max="8" value={state.workers} onChange={(e) => actions.setWorkers(Number(e.currentTarget.value))} />
          <p class="hint">{t('options.workersHint', { count: state.automaticWorkers })}</p>
        </div>
      </fieldset>
    </details>
  );
}
