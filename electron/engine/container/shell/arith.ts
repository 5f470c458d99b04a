/**
 * Shell arithmetic, `$((i+1))`: integers, + - * / %, comparisons, && || !, parentheses and
 * variable names (unset or non-numeric names count as 0, as in sh). No eval.
 */

export class ArithError extends Error {}

export function evaluate(expr: string, lookup: (name: string) => string): number {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]|\S/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string | undefined => tokens[pos++];

  const primary = (): number => {
    const t = next();
    if (t === undefined) throw new ArithError('syntax error: operand expected');
    if (t === '(') {
      const v = or();
      if (next() !== ')') throw new ArithError('missing `)\'');
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const value = Number.parseInt(lookup(t), 10);
      return Number.isFinite(value) ? value : 0;
    }
    throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${t}")`);
  };
  const binary = (ops: string[], operand: () => number, apply: (op: string, a: number, b: number) => number) => (): number => {
    let value = operand();
    while (ops.includes(peek() ?? '')) {
      const op = next()!;
      value = apply(op, value, operand());
    }
    return value;
  };
  const mul = binary(['*', '/', '%'], primary, (op, a, b) => {
    if ((op === '/' || op === '%') && b === 0) throw new ArithError('division by 0');
    return op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b;
  });
  const add = binary(['+', '-'], mul, (op, a, b) => (op === '+' ? a + b : a - b));
  const cmp = binary(['<', '>', '<=', '>='], add, (op, a, b) => Number(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b));
  const eq = binary(['==', '!='], cmp, (op, a, b) => Number(op === '==' ? a === b : a !== b));
  const and = binary(['&&'], eq, (_op, a, b) => Number(a !== 0 && b !== 0));
  const or = binary(['||'], and, (_op, a, b) => Number(a !== 0 || b !== 0));

  if (tokens.length === 0) return 0;
  const value = or();
  if (pos < tokens.length) throw new ArithError(`syntax error in expression (error token is "${tokens.slice(pos).join(' ')}")`);
  return value;
}
