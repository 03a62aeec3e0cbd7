import './RichText.css';

/**
 * Narration text as a teacher's handout prints it: the spans the simulation marks with backticks
 * (Kafka's configs, calls, requests, error codes, states) in code type, the rest as plain text.
 * Screen readers read the words either way; the marks themselves are never shown.
 */
export function RichText({ text }: { text: string }) {
  // Splitting on the marks leaves the code spans at the odd positions.
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rich-code">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
