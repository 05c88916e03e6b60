import { runSuite } from "../support/specSuites";

runSuite("adopt");
