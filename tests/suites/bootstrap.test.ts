import { runSuite } from "../support/specSuites";

runSuite("bootstrap");
