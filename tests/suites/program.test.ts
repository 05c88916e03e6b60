import { runSuite } from "../support/specSuites";

runSuite("program");
