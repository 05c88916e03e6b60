import { runSuite } from "../support/specSuites";

runSuite("pipeline");
