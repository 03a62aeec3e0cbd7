/** A progress bar with what is done, in words, and an estimate of the time left from the pace so far (`elapsed` ms). */
export function Progress(props: {
  label: string;
  done: number;
  total: number;
  elapsed: number;
  unit: string;
}) {
  const { label, done, total, elapsed, unit } = props;
  const left = done > 0 ? (elapsed * (total - done)) / done / 1000 : null;
  return (
    <div className="lab-progress" role="status">
      <progress aria-label={label} max={total} value={done} />
      <span>
        {done.toLocaleString('en')} / {total.toLocaleString('en')} {unit}
        {left === null
          ? ' · estimating time left…'
          : ` · about ${left < 10 ? left.toFixed(1) : Math.round(left)} s left`}
      </span>
    </div>
  );
}
