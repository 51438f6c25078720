import { Show, createMemo } from 'solid-js';
import { ConvertStep } from './components/ConvertStep.js';
import { DoneStep } from './components/DoneStep.js';
import { InputStep } from './components/InputStep.js';
import { OptionsStep } from './components/OptionsStep.js';
import { OutputStep } from './components/OutputStep.js';
import { JobProvider, useJob } from './job-context.js';
import { statusText } from './job-selectors.js';
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

export function App() {
  return (
    <JobProvider>
      <header>
        <h1>apples2droids</h1>
        <p>Turn iPhone Live Photos into Motion Photos for Android. Everything happens on this computer: nothing is uploaded.</p>
        <UpdateBanner />
      </header>
      <main>
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
