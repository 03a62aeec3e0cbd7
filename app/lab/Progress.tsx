/**
 * A progress bar with what is done, in words, and an estimate of the time left from the pace so far
 * (`elapsed` ms), or with `paced` false (a job whose first parts cost more than its last), the time so
 * far; `before`, said first, is what else the job reports.
 */
export function Progress(props: {
  label: string;
  done: number;
  total: number;
  elapsed: number;
  unit: string;
  before?: string;
  paced?: boolean;
}) {
  const { label, done, total, elapsed, unit, before, paced = true } = props;
  const left = done > 0 ? (elapsed * (total - done)) / done / 1000 : null;
  const seconds = (s: number) => (s < 10 ? s.toFixed(1) : String(Math.round(s)));
  return (
    <div className="lab-progress" role="status">
      <progress aria-label={label} max={total} value={done} />
      <span>
        {before}
        {done.toLocaleString('en')} / {total.toLocaleString('en')} {unit}
        {!paced
          ? ` · ${seconds(elapsed / 1000)} s so far`
          : left === null
            ? ' · estimating time left…'
            : ` · about ${seconds(left)} s left`}
      </span>
    </div>
  );
}
