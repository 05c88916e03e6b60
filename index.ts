// The Pulumi program: `pulumi up` runs the exported function and its result becomes the stack
// outputs (`apps` in clear, `clientSecrets` encrypted). All work lives in program/.
import { entraGraphApps } from "./program/entraGraphApps";
import { readStackConfig } from "./program/readStackConfig";
import { currentTime } from "./program/clock";
import { skipUnreadPromiseStacks } from "./program/promiseStacks";

// Before the first resource: the SDK's per-promise stacks are not formatted unless read.
skipUnreadPromiseStacks();

export = async () => entraGraphApps(readStackConfig(), currentTime());
