/** Renders a Note (a message key with parameters, possibly nested) in the current language, translating Kind names. */
import { phraseText, type Phrase } from './phrase';

export { kindLabel } from './phrase';

export function noteText(note: Phrase): string {
  return phraseText(note);
}
