/**
 * Korean particles chosen by the word before them. A Korean sentence about "minikube-m03" or
 * "web-5f84b7585b" needs 이 or 가, 을 or 를, 으로 or 로, and which one depends on how the name is
 * read aloud: whether its last syllable ends in a consonant (받침). Catalog strings write the
 * alternatives after a placeholder as `(이)가`, `(을)를`, `(은)는`, `(과)와`, `(으)로`, `(이)라`,
 * `(아)야`, and resolveParticles picks one once the placeholder is filled, so no reader ever sees
 * the "이(가)" fallback.
 */

/** What the last sound of a word is, for particles: none, ㄹ (which takes 로, not 으로), or another consonant. */
export type FinalSound = 'none' | 'rieul' | 'other';

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The 받침 index of ㄹ in a composed syllable ((code - 0xAC00) % 28). */
const JONG_RIEUL = 8;

/** Digits as Korean reads a number's last digit: 일 (ㄹ), 이, 삼 (ㅁ), 사, 오, 육 (ㄱ), 칠 (ㄹ), 팔 (ㄹ), 구. */
const DIGIT: Record<string, FinalSound> = { '1': 'rieul', '2': 'none', '3': 'other', '4': 'none', '5': 'none', '6': 'other', '7': 'rieul', '8': 'rieul', '9': 'none' };
/** A number ending in zeros is read by its unit: 십 (ㅂ), 백 (ㄱ), 천 (ㄴ), 만 (ㄴ); 영 (ㅇ) for zero itself. */
const ZERO_UNIT: FinalSound[] = ['other', 'other', 'other', 'other'];

/** Words Kubelab's sentences often end on whose Korean reading the rules below would miss. */
const WORD: Record<string, FinalSound> = { kubelet: 'other', kubectl: 'rieul', web: 'other', app: 'other', job: 'other', set: 'other', etcd: 'none', api: 'none' };

/** Latin letters read one by one (엘, 엠, 엔, 알 end in a consonant; 에이, 비, 씨… do not). */
const LETTER: Record<string, FinalSound> = { l: 'rieul', m: 'other', n: 'other', r: 'rieul' };

function hangulSound(code: number): FinalSound {
  const jong = (code - HANGUL_FIRST) % 28;
  return jong === 0 ? 'none' : jong === JONG_RIEUL ? 'rieul' : 'other';
}

function numberSound(digits: string): FinalSound {
  const last = digits.at(-1)!;
  if (last !== '0') return DIGIT[last]!;
  if (/^0+$/.test(digits)) return 'other';
  const zeros = digits.length - digits.replace(/0+$/, '').length;
  // 10 십, 100 백, 1000 천, 10000 만; beyond, a multiple of 만 again (십만, 백만, 천만, 억 ends in ㄱ too).
  return ZERO_UNIT[(zeros - 1) % 4]!;
}

/**
 * An English word's last sound as Korean writes it: -l/-le (스케줄, 테이블) and -m, -n, -ng end in a
 * consonant; most other endings are written with a vowel (레디, 노익스큐트, 서버). A run of letters
 * right after a digit or a single letter is read letter by letter (b87n8 → …엔팔, 5f84b → …비).
 */
function latinSound(word: string): FinalSound {
  const lower = word.toLowerCase();
  const known = WORD[lower];
  if (known) return known;
  if (lower.length === 1) return LETTER[lower] ?? 'none';
  if (/le$|l$/.test(lower)) return 'rieul';
  // -m, -n, -ng, and a silent e after them (네임, 라인, 존).
  if (/(m|n|ng|me|ne)$/.test(lower)) return 'other';
  return 'none';
}

/** How the end of `text` sounds, reading its last word, number or syllable (closing brackets and quotes skipped). */
export function finalSound(text: string): FinalSound {
  const trimmed = text.replace(/[\s`'"’”)\]}>.,:;!?]+$/u, '');
  const last = trimmed.at(-1);
  if (!last) return 'none';
  const code = last.charCodeAt(0);
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) return hangulSound(code);
  if (last === '%') return 'none'; // 퍼센트
  if (/[0-9]/.test(last)) return numberSound(/[0-9]+$/.exec(trimmed)![0]);
  if (/[A-Za-z]/.test(last)) {
    // The letters after the last digit or separator: "m02" ends in a digit, "5f84b" in a lone letter.
    const tail = /(?:^|[^A-Za-z])([A-Za-z]+)$/.exec(trimmed)![1]!;
    const before = trimmed.at(-tail.length - 1);
    return before !== undefined && /[0-9]/.test(before) ? (LETTER[tail.at(-1)!.toLowerCase()] ?? 'none') : latinSound(tail);
  }
  return 'none';
}

/** Each alternative: the form after a final consonant, then after a vowel. (으)로 takes 로 after ㄹ too. */
const PAIRS: Record<string, [string, string]> = {
  '(이)가': ['이', '가'],
  '(을)를': ['을', '를'],
  '(은)는': ['은', '는'],
  '(과)와': ['과', '와'],
  '(으)로': ['으로', '로'],
  '(이)라': ['이라', '라'],
  '(아)야': ['아', '야'],
  '(이)다': ['이다', '다'],
  '(이)며': ['이며', '며'],
};

/** The particle of the pair (e.g. '(이)가') that fits after `word`. */
export function particle(word: string, pair: keyof typeof PAIRS): string {
  const [consonant, vowel] = PAIRS[pair]!;
  const sound = finalSound(word);
  if (pair === '(으)로') return sound === 'other' ? consonant : vowel;
  return sound === 'none' ? vowel : consonant;
}

const MARKER = /\((이|을|은|과|으|아)\)(가|를|는|와|로|라|야|다|며)/g;

/** Replaces every `(이)가`-style marker with the particle that fits the text just before it. */
export function resolveParticles(text: string): string {
  if (!text.includes(')')) return text;
  return text.replace(MARKER, (marker: string, _a: string, _b: string, offset: number) =>
    marker in PAIRS ? particle(text.slice(0, offset), marker as keyof typeof PAIRS) : marker,
  );
}
