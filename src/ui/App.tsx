import { Show, createMemo } from 'solid-js';
import { ConvertStep } from './components/ConvertStep.js';
import { DoneStep } from './components/DoneStep.js';
import { InputStep } from './components/InputStep.js';
import { OptionsStep } from './components/OptionsStep.js';
import { OutputStep } from './components/OutputStep.js';
import { JobProvider, useJob } from './job-context.js';
import { STEPS, currentStep, statusText } from './job-selectors.js';
import { UpdateBanner } from './UpdateBanner.js';
import { LANGUAGES, type Language, language, say, setLanguage, t } from './i18n/i18n.js';

function StatusLine() {
  const [state] = useJob();
  const text = createMemo(() => statusText(state));
  return (
    <div class="status">
      <p role="status" aria-live="polite">
        {text()}
      </p>
      <Show when={state.message}>{(message) => <p role="alert">{say(message())}</p>}</Show>
    </div>
  );
}

/** The three steps, the current one marked: where the person is, at a glance. */
function Stepper() {
  const [state] = useJob();
  return (
    <ol class="stepper" aria-label={t('app.steps')}>
      {STEPS.map((key, i) => (
        <li aria-current={currentStep(state) === i + 1 ? 'step' : undefined} classList={{ done: currentStep(state) > i + 1 }}>
          <span class="number" aria-hidden="true">
            {i + 1}
          </span>
          {t(key)}
        </li>
      ))}
    </ol>
  );
}

/** English or 简体中文, first chosen from the browser's languages; the choice is remembered. */
function LanguageSwitcher() {
  return (
    <label class="language">
      {t('app.language')}{' '}
      <select value={language()} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        {Object.entries(LANGUAGES).map(([tag, { name }]) => (
          <option value={tag} lang={tag}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  document.documentElement.lang = language();
  return (
    <JobProvider>
      <header>
        <h1>apples2droids</h1>
        <LanguageSwitcher />
        <p>{t('app.tagline')}</p>
        <p class="promise">{t('app.promise')}</p>
        <UpdateBanner />
      </header>
      <main>
        <Stepper />
        <StatusLine />
        <InputStep />
        <OutputStep />
        <OptionsStep />
        <ConvertStep />
        <DoneStep />
      </main>
    </JobProvider>
  );
}
