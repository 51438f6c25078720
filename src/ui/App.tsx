import { Show, createMemo } from 'solid-js';
import { ConvertStep } from './components/ConvertStep.js';
import { DoneStep } from './components/DoneStep.js';
import { InputStep } from './components/InputStep.js';
import { OptionsStep } from './components/OptionsStep.js';
import { OutputStep } from './components/OutputStep.js';
import { JobProvider, useJob } from './job-context.js';
import { UpdateBanner } from './UpdateBanner.js';

function StatusLine() {
  const [state] = useJob();
  const text = createMemo(() => {
    const s = state.result?.summary;
    switch (state.phase) {
      case 'choose': return 'Choose the folder of your iCloud export to begin.';
      case 'scanning': return `Scanning… ${state.progress?.filesDone ?? 0} files`;
      case 'ready': return state.outputName || state.outputMode === 'zip' ? 'Ready to convert.' : 'Now choose where to put the result.';
      case 'converting': return `Converting… ${state.progress?.filesDone ?? 0} of ${state.progress?.filesTotal ?? 0} files`;
      case 'cancelled': return 'Cancelled.';
      case 'done': {
        const apart = s!['kept-separate'] ? `, ${s!['kept-separate'] / 2 | 0} pairs kept as two files` : '';
        const waiting = s!['needs-review'] ? `, ${s!['needs-review'] / 2 | 0} pairs waiting for you` : '';
        return `Done: ${s!['motion-photo'] / 2 | 0} Motion Photos, ${s!.copied} files copied, ${s!.skipped} already done, ${s!.failed} failed${apart}${waiting}.`;
      }
    }
  });
  return (
    <div class="status">
      <p role="status" aria-live="polite">{text()}</p>
      <Show when={state.message}><p role="alert">{state.message}</p></Show>
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
