// @pulumi/pulumi's automation API (a third of the SDK's code, with its own dependencies), which
// the SDK's index loads eagerly and no test under `npm test` uses, loaded on first use (see
// lazyModule.js).
"use strict";
module.exports = require("./lazyModule")(() => require("@pulumi/pulumi/automation"));
