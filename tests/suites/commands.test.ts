import { runSuite } from "../support/specSuites";

runSuite("commands");
