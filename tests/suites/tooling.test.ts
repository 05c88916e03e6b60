import { runSuite } from "../support/specSuites";

runSuite("tooling");
