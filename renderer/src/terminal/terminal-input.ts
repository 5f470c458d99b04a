/**
 * A typed way for other parts of the UI (a lesson's Run button) to type a command into the
 * embedded terminal, without reaching into the terminal's tabs. The terminal dock attaches the one
 * typist; a caller gets false when no shell can take the text (the dock is not mounted yet).
 */
export type Typist = (command: string) => boolean;

let typist: Typist | undefined;

export const terminalInput = {
  /** The dock registers how it types; returns the detach function. */
  attach(next: Typist): () => void {
    typist = next;
    return () => {
      if (typist === next) typist = undefined;
    };
  },
  /** Types the command into the active shell and presses Enter, as the learner would. */
  type(command: string): boolean {
    return typist ? typist(command) : false;
  },
};

/**
 * What is sent to the shell for a command: control characters out (as for a paste), each line ended
 * with a carriage return, the way Enter is typed.
 */
export function keystrokesFor(command: string, clean: (text: string) => string): string {
  const lines = clean(command.replace(/\r\n?/g, '\n')).replace(/\n+$/, '').split('\n');
  return lines.map((line) => `${line}\r`).join('');
}
