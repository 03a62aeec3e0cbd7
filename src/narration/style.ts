/**
 * The narration's house style, as checks: what a good teacher's sentence never does. The tests run
 * every narration of every guided scenario (and of random free-play runs) through `styleProblems`.
 */

/** Node ids the narration must say as people do ("broker 2", "the group coordinator"). */
const RAW_NODE_ID = /\b(?:broker-\d+|producer-2|txn-coordinator|group-coordinator)\b/;

/** Action ids ("deliver:7", "app:consumer:poll") are for links and tests, never for the learner. */
const RAW_ACTION_ID = /\b(?:deliver|lose|hold|fetch|timer|app|crash|restart):/i;

/** All-capital words read letter by letter ("an ISR", "a PID"); others are read as words ("an ABORT"). */
const READ_AS_WORDS = new Set(['ABORT', 'COMMIT', 'NONE', 'ACK']);
const VOWEL_SOUND_LETTERS = /^[AEFHILMNORSX]/;

/** Whether `word` starts with a vowel sound, which is what picks "an" over "a". */
export function startsWithVowelSound(word: string): boolean {
  if (/^\d/.test(word)) return /^(?:8|1[18](?!\d))/.test(word);
  if (/^[A-Z]{2,4}$/.test(word) && !READ_AS_WORDS.has(word)) return VOWEL_SOUND_LETTERS.test(word);
  const w = word.toLowerCase();
  if (/^(?:uni|use|usu|uti|ure|eu|one|once)/.test(w)) return false;
  if (/^(?:hour|honest|honou?r|heir)/.test(w)) return true;
  return /^[aeiou]/.test(w);
}

/** Text outside `code spans`, where house style applies (a code span is Kafka's spelling, not ours). */
const prose = (text: string) => text.replace(/`[^`]*`/g, '`code`');

/** Sentences: split after . ! or ? followed by a space (the narration avoids "e.g." for this reason). */
const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+/);

/** What is wrong with one step's narration, as readable complaints; empty when it reads well. */
export function styleProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.trim() === '') return ['is empty'];
  if ((text.match(/`/g) ?? []).length % 2 !== 0) problems.push('has unbalanced backticks');
  if (!/[.!?)]$/.test(text)) problems.push('does not end with . ! ? or )');
  for (const s of sentencesOf(text))
    if (!/^[A-Z`]/.test(s)) problems.push(`has a sentence that does not start with a capital: "${s}"`);
  const p = prose(text);
  if (RAW_ACTION_ID.test(p)) problems.push('names a raw action id');
  if (RAW_NODE_ID.test(p)) problems.push(`names a node by its id: ${RAW_NODE_ID.exec(p)?.[0]}`);
  if (p.includes('(s)')) problems.push('says "(s)" instead of choosing singular or plural');
  if (p.includes('→')) problems.push('uses an arrow instead of words');
  if (/ {2}/.test(text)) problems.push('has a doubled space');
  // "Consumer A" names a group member (words.ts), not an article.
  for (const m of text.matchAll(/(?<!consumer )\b(a|an) `?([\w'-]+)/gi)) {
    const [, article = '', word = ''] = m;
    const vowel = startsWithVowelSound(word);
    if (article.toLowerCase() === 'a' && vowel) problems.push(`says "${m[0]}" (want "an")`);
    if (article.toLowerCase() === 'an' && !vowel) problems.push(`says "${m[0]}" (want "a")`);
  }
  return problems;
}
