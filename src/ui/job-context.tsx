import { type ParentProps, createContext, useContext } from 'solid-js';
import { createConversionSession } from '../platform/browser/conversion-session.js';
import { type JobStore, createJobStore } from './job-store.js';

const JobContext = createContext<JobStore>();

export function JobProvider(props: ParentProps) {
  return <JobContext.Provider value={createJobStore(createConversionSession())}>{props.children}</JobContext.Provider>;
}

/** The job store; only components inside <JobProvider> may ask for it. */
export function useJob(): JobStore {
  const store = useContext(JobContext);
  if (!store) throw new Error('useJob() needs a <JobProvider> above it');
  return store;
}
