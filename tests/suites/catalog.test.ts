import { runSuite } from "../support/specSuites";

runSuite("catalog");
