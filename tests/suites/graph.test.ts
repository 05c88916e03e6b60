import { runSuite } from "../support/specSuites";

runSuite("graph");
