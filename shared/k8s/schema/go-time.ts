/**
 * metav1.Time and metav1.MicroTime parse with Go's time.Parse(RFC3339 / RFC3339Micro); a bad
 * string is refused with Go's own ParseError text, which this reproduces element by element:
 * `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
 */

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

type Element = { text: string; match: RegExp };

const DIGITS = (n: number): RegExp => new RegExp(`^[0-9]{${n}}`);
const ELEMENTS: Element[] = [
  { text: '2006', match: DIGITS(4) },
  { text: '-', match: /^-/ },
  { text: '01', match: /^(0[1-9]|1[0-2])/ },
  { text: '-', match: /^-/ },
  { text: '02', match: /^(0[1-9]|[12][0-9]|3[01])/ },
  { text: 'T', match: /^T/ },
  { text: '15', match: /^([01][0-9]|2[0-3])/ },
  { text: ':', match: /^:/ },
  { text: '04', match: /^[0-5][0-9]/ },
  { text: ':', match: /^:/ },
  { text: '05', match: /^[0-5][0-9]/ },
];
const FRACTION_ANY = /^\.[0-9]+/;
const FRACTION_MICRO: Element = { text: '.000000', match: /^\.[0-9]{6}/ };
const ZONE: Element = { text: 'Z07:00', match: /^(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])/ };

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Go's error for a string that is not a valid time in the layout, or undefined when it parses. */
export function goTimeParseError(value: string, micro: boolean): string | undefined {
  const layout = micro ? RFC3339_MICRO : RFC3339;
  let rest = value;
  const fail = (element: string): string => `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(element)}`;
  for (const element of ELEMENTS) {
    const m = element.match.exec(rest);
    if (!m) return fail(element.text);
    rest = rest.slice(m[0].length);
  }
  if (micro) {
    const m = FRACTION_MICRO.match.exec(rest);
    if (!m) return fail(FRACTION_MICRO.text);
    rest = rest.slice(m[0].length);
  } else {
    // A layout without fractional seconds still accepts them right after the seconds.
    const m = FRACTION_ANY.exec(rest);
    if (m) rest = rest.slice(m[0].length);
  }
  const zone = ZONE.match.exec(rest);
  if (!zone) return fail(ZONE.text);
  rest = rest.slice(zone[0].length);
  if (rest !== '') return `parsing time ${quote(value)}: extra text: ${quote(rest)}`;
  return undefined;
}
