import { runSuite } from "../support/specSuites";

runSuite("tenant");
