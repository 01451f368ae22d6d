/** Exit codes of `entra-bridge` (documented in docs/operations.md). */
export const EXIT = { ok: 0, failure: 1, warnings: 2 } as const;

/** A failure the CLI reports as one message and an exit code, without a stack trace. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    /** Extra data printed with `--json`. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** Where a command writes: human lines, or one JSON document on stdout with `--json`. */
export interface Output {
  readonly json: boolean;
  /** A line for humans (suppressed with `--json`). */
  line(text?: string): void;
  /** A line for humans on stderr, always shown: prompts and progress must not spoil JSON output. */
  note(text: string): void;
  /** The command's result: printed as JSON with `--json`, else by `human`. */
  result(value: unknown, human?: (value: unknown) => void): void;
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  return {
    json,
    line: (text = '') => {
      if (!json) stdout.write(`${text}\n`);
    },
    note: (text) => {
      (json ? stderr : stdout).write(`${text}\n`);
    },
    result: (value, human) => {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else if (human) human(value);
      else stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}
