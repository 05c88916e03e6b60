import { runSuite } from "../support/specSuites";

runSuite("verify");
