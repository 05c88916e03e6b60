import { runSuite } from "../support/specSuites";

runSuite("policy");
