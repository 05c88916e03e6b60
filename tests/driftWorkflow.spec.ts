import { readWorkflow } from "./support/workflowChecks";

// The daily run checks drift per stack after the rotation and fails loudly on exit 3.

it("scheduled.yml runs drift per stack after pulumi up and verify, before expiry, and exits with its code", () => {
  const steps = readWorkflow("scheduled.yml").jobs.rotate.steps as {
    name?: string;
    run?: string;
    if?: string;
  }[];
  const at = (test: (step: { run?: string }) => boolean) => steps.findIndex(test);
  const drift = at(
    (step) =>
      step.run?.includes('npm run --silent drift -- --stack "$STACK" --format markdown') ?? false,
  );
  const up = at((step) => step.run?.startsWith("pulumi up --yes") ?? false);
  const verify = at((step) => step.run === 'npm run verify -- --stack "$STACK" --wait 600');
  const expiry = at((step) => step.run?.startsWith("npm run expiry") ?? false);
  expect([up, verify, drift, expiry].every((index) => index >= 0)).toBe(true);
  expect(up < drift && verify < drift && drift < expiry).toBe(true);
  const step = steps[drift];
  expect(step.if).toBe("${{ !cancelled() }}");
  expect(step.run).toContain('cat drift.md >> "$GITHUB_STEP_SUMMARY"');
  expect(step.run).toContain('if [ "$code" -eq 3 ]; then');
  expect(step.run!.trim().split("\n").at(-1)).toBe('exit "$code"');
});
