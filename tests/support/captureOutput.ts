/** What an in-process command run printed, and the exit code its `main` returned. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command's `main` in-process, capturing what it writes to stdout and stderr. */
export async function captureOutput(run: () => Promise<number>): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest
    .spyOn(process.stdout, "write")
    .mockImplementation((text) => (out.push(String(text)), true));
  const stderr = jest
    .spyOn(process.stderr, "write")
    .mockImplementation((text) => (err.push(String(text)), true));
  try {
    const code = await run();
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
