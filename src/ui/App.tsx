import { Show, createMemo } from 'solid-js';
import { ConvertStep } from './components/ConvertStep.js';
import { DoneStep } from './components/DoneStep.js';
import { InputStep } from './components/InputStep.js';
import { OptionsStep } from './components/OptionsStep.js';
import { OutputStep } from './components/OutputStep.js';
import { JobProvider, useJob } from './job-context.js';
import { STEPS, currentStep, statusText } from './job-selectors.js';
import { UpdateBanner } from './UpdateBanner.js';

function StatusLine() {
  const [state] = useJob();
  const text = createMemo(() => statusText(state));
  return (
    <div class="status">
      <p role="status" aria-live="polite">
        {text()}
      </p>
      <Show when={state.message}>
        <p role="alert">{state.message}</p>
      </Show>
    </div>
  );
}

/** The three steps, the current one marked: where the person is, at a glance. */
function Stepper() {
  const [state] = useJob();
  return (
    <ol class="stepper" aria-label="Steps">
      {STEPS.map((label, i) => (
        <li aria-current={currentStep(state) === i + 1 ? 'step' : undefined} classList={{ done: currentStep(state) > i + 1 }}>
          <span class="number" aria-hidden="true">
            {i + 1}
          </span>
          {label}
        </li>
      ))}
    </ol>
  );
}

export function App() {
  return (
    <JobProvider>
      <header>
        <h1>apples2droids</h1>
        <p>Turn iPhone Live Photos into Motion Photos for Android.</p>
        <p class="promise">Private by design: your photos never leave this computer. Nothing is uploaded, nothing is changed.</p>
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
