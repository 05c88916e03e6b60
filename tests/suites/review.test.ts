import { runSuite } from "../support/specSuites";

runSuite("review");
