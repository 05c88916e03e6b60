// @npmcli/arborist as @pulumi/pulumi resolves it, loaded on first use (see lazyModule.js).
"use strict";
const path = require("path");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
module.exports = require("./lazyModule")(() =>
  require(require.resolve("@npmcli/arborist", { paths: [pulumiDir] })),
);
