import * as pulumi from "@pulumi/pulumi";
import { ConfigProblem, formatProblems } from "./config/configProblem";

/**
 * Thrown by the program for user mistakes in stack config. A RunError, so `pulumi up` prints the
 * message without a stack trace.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "StackConfigError";
  }
}
