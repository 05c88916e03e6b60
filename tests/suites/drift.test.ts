import { runSuite } from "../support/specSuites";

runSuite("drift");
