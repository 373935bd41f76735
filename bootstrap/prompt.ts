import { createInterface } from 'readline';
import { CommandFailed, UsageError } from '../charts/cli/exit';

/** Asks the person at the terminal. Tests pass a scripted one. */
export interface Prompt {
  /** False when nobody can answer (standard input is not a terminal). */
  readonly interactive: boolean;
  ask(question: string): Promise<string>;
}

export function terminalPrompt(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Prompt {
  return {
    interactive: input.isTTY === true,
    ask: (question) => new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input, output });
      let answered = false;
      // Without a listener readline only pauses on Ctrl-C, and the question would hang.
      rl.on('SIGINT', () => {
        rl.close();
        reject(new CommandFailed('cancelled at the prompt; nothing was changed', 130));
      });
      rl.on('close', () => {
        if (!answered) resolve('');
      });
      rl.question(question, (answer) => {
        answered = true;
        rl.close();
        resolve(answer.trim());
      });
    }),
  };
}

/** What approval needs to know: whether --yes was given, and whom to ask. */
export interface Approver {
  readonly yes: boolean;
  readonly prompt: Prompt;
}

/** Goes on when --yes was given or the user answers yes; refuses without a terminal. */
export async function approve(approver: Approver, action: string): Promise<void> {
  if (approver.yes) return;
  ensureInteractive(approver, action);
  const answer = await approver.prompt.ask(`${action}? [y/N] `);
  if (!/^y(es)?$/i.test(answer)) throw new CommandFailed(`cancelled: did not ${action}`);
}

/** For what cannot be undone: the user types `name` back. */
export async function approveByTyping(approver: Approver, action: string, name: string): Promise<void> {
  if (approver.yes) return;
  ensureInteractive(approver, action);
  const answer = await approver.prompt.ask(`${action}. Type the cluster name (${name}) to confirm: `);
  if (answer !== name) throw new CommandFailed(`cancelled: the answer was not "${name}"; nothing was deleted`);
}

function ensureInteractive(approver: Approver, action: string): void {
  if (!approver.prompt.interactive) {
    throw new UsageError(`refusing to ${action} without --yes: standard input is not a terminal, so nobody can confirm`);
  }
}
