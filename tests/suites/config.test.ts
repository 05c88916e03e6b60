import { runSuite } from "../support/specSuites";

runSuite("config");
