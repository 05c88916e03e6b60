import { runSuite } from "../support/specSuites";

runSuite("expiry");
