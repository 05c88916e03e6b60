import { findOnPath } from "../support/commandPath";
import { integrationPrerequisites, skipMessage } from "./prerequisites";

/** Jest globalSetup: says up front, once, why the integration test will be skipped. */
export default function announcePrerequisites(): void {
  const missing = integrationPrerequisites(process.env, (command) =>
    findOnPath(command, process.env.PATH),
  );
  if (missing.length > 0) process.stdout.write(`\n${skipMessage(missing)}\n\n`);
}
