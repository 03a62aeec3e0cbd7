import { beatNumber } from '../../src/index.ts';
import { usePlayground } from '../playground/hooks.ts';
import type { Run } from '../playground/run.ts';
import './LessonBar.css';

/**
 * Where the run stands in its lesson: "Beat 3 of 10" while Next follows it; once the user chose
 * something else, where they left it and the way back. A fork's dropped steps stay one action away.
 */
export function LessonBar({ run }: { run: Run }) {
  const leaveFor = usePlayground((s) => s.leaveFor);
  const swapBranch = usePlayground((s) => s.swapBranch);
  const branch = usePlayground((s) => s.branch);
  const { lesson, position } = run;
  const backToLesson = () => {
    if (!lesson || position.leftAt === undefined) return;
    leaveFor(lesson.choices.slice(0, position.leftAt), position.leftAt);
  };
  const beat = lesson && position.onLesson ? beatNumber(lesson, run.cursor) : undefined;
  const climaxBeat =
    lesson?.climax && beat ? lesson.beatEnds.findIndex((e) => e >= (lesson.climax?.step ?? 0)) + 1 : 0;
  if (!lesson && !branch) return null;
  return (
    <div className="lesson-bar" data-testid="lesson-bar">
      {beat ? (
        <span className="lesson-bar__beat">
          Lesson · beat <strong>{beat.beat}</strong> of {beat.of}
          {climaxBeat > beat.beat ? (
            <span className="muted"> · the point comes at beat {climaxBeat}</span>
          ) : null}
        </span>
      ) : null}
      {lesson?.unmatchedFaults ? (
        <span className="lesson-bar__missed" role="status">
          Scheduled faults that found nothing to hit here: {lesson.unmatchedFaults.join('; ')}.
        </span>
      ) : null}
      {lesson && position.leftAt !== undefined ? (
        <span className="lesson-bar__left" role="status">
          <strong>Free play:</strong> you left the lesson at step {position.leftAt + 1}.{' '}
          <button type="button" onClick={backToLesson}>
            Back to the lesson
          </button>
        </span>
      ) : null}
      {branch ? (
        <button type="button" className="lesson-bar__branch" onClick={swapBranch}>
          Back to the other run ({branch.choices.length} steps, kept when you left it)
        </button>
      ) : null}
    </div>
  );
}
