import { runSuite } from "../support/specSuites";

runSuite("components");
