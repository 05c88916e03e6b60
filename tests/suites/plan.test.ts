import { runSuite } from "../support/specSuites";

runSuite("plan");
