// @pulumi/pulumi's typescript-shim, loaded on first use (see lazyModule.js).
"use strict";
module.exports = require("./lazyModule")(() => require("typescript"));
